#include "wirestack/link/tap/offload.h"

#include <cstring>

#include "wirestack/base/checksum.h"

namespace ws {

namespace {
// Where struct virtio_net_hdr keeps each field.
constexpr std::size_t kFlags = 0;
constexpr std::size_t kGsoType = 1;
constexpr std::size_t kHeaderLen = 2;
constexpr std::size_t kGsoSize = 4;
constexpr std::size_t kChecksumStart = 6;
constexpr std::size_t kChecksumOffset = 8;
constexpr std::uint16_t kUdpChecksumOffset = 6;

std::uint16_t load_host16(const std::uint8_t* p) {
  std::uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store_host16(std::uint8_t* p, std::uint16_t v) {
  std::memcpy(p, &v, sizeof v);
}
}  // namespace

VirtioNetHeader VirtioNetHeader::read(Bytes bytes) {
  return {.flags = bytes[kFlags],
          .gso_type = bytes[kGsoType],
          .header_len = load_host16(&bytes[kHeaderLen]),
          .gso_size = load_host16(&bytes[kGsoSize]),
          .checksum_start = load_host16(&bytes[kChecksumStart]),
          .checksum_offset = load_host16(&bytes[kChecksumOffset])};
}

void VirtioNetHeader::write(MutableBytes bytes) const {
  bytes[kFlags] = flags;
  bytes[kGsoType] = gso_type;
  store_host16(&bytes[kHeaderLen], header_len);
  store_host16(&bytes[kGsoSize], gso_size);
  store_host16(&bytes[kChecksumStart], checksum_start);
  store_host16(&bytes[kChecksumOffset], checksum_offset);
}

const char* to_string(OffloadError error) {
  switch (error) {
    case OffloadError::kBadChecksumSpan:
      return "checksum offload span outside the frame";
    case OffloadError::kUnsupportedGso:
      return "segmentation offload of a type not negotiated";
  }
  return "?";
}

std::optional<OffloadError> complete_received_frame(const VirtioNetHeader& header,
                                                    MutableBytes frame) {
  if (header.gso_type != VirtioNetHeader::kGsoNone &&
      header.gso_type != VirtioNetHeader::kGsoTcpV4) {
    return OffloadError::kUnsupportedGso;
  }
  if (!(header.flags & VirtioNetHeader::kNeedsChecksum)) return std::nullopt;
  const std::size_t start = header.checksum_start;
  const std::size_t field = start + header.checksum_offset;
  if (start >= frame.size() || field + 2 > frame.size()) return OffloadError::kBadChecksumSpan;
  // The field holds the pseudo-header's sum, so summing the span with it in place gives the
  // whole checksum.
  std::uint16_t sum = checksum_finish(checksum_add(frame.subspan(start)));
  if (sum == 0 && header.checksum_offset == kUdpChecksumOffset) sum = 0xffff;
  frame[field] = static_cast<std::uint8_t>(sum >> 8);
  frame[field + 1] = static_cast<std::uint8_t>(sum);
  return std::nullopt;
}

}  // namespace ws
