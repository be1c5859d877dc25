#include "wirestack/wire/udp.h"

#include <cstring>

#include "wirestack/base/checksum.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

// RFC 768 layout.
constexpr std::size_t kSrcPort = 0;
constexpr std::size_t kDstPort = 2;
constexpr std::size_t kLength = 4;
constexpr std::size_t kChecksum = 6;

// The one's-complement sum of the pseudo-header and `datagram` (header + payload).
std::uint64_t udp_sum(Bytes datagram, Ipv4Address src, Ipv4Address dst) {
  return checksum_add(datagram,
                      ipv4_pseudo_header_sum(src, dst, ip_proto::kUdp,
                                             static_cast<std::uint16_t>(datagram.size())));
}

// RFC 768: zero means "no checksum", so a computed zero goes out as all ones.
std::uint16_t as_transmitted(std::uint64_t sum) {
  const std::uint16_t folded = checksum_finish(sum);
  return folded == 0 ? 0xffff : folded;
}

}  // namespace

Result<UdpPacket, ParseError> UdpPacket::check(Bytes datagram) {
  if (datagram.size() < kUdpHeaderLen) return Err{ParseError::kTruncated};
  const std::size_t length = load_be16(&datagram[kLength]);
  if (length < kUdpHeaderLen) return Err{ParseError::kBadLength};
  if (length > datagram.size()) return Err{ParseError::kTruncated};
  return UdpPacket(datagram);
}

std::uint16_t UdpPacket::src_port() const {
  return load_be16(&bytes_[kSrcPort]);
}
std::uint16_t UdpPacket::dst_port() const {
  return load_be16(&bytes_[kDstPort]);
}
std::uint16_t UdpPacket::length() const {
  return load_be16(&bytes_[kLength]);
}
std::uint16_t UdpPacket::checksum() const {
  return load_be16(&bytes_[kChecksum]);
}
bool UdpPacket::checksum_valid(Ipv4Address src, Ipv4Address dst) const {
  return checksum() == 0 || checksum_finish(udp_sum(bytes_.first(length()), src, dst)) == 0;
}
std::uint16_t UdpPacket::computed_checksum(Ipv4Address src, Ipv4Address dst) const {
  std::uint8_t header[kUdpHeaderLen];
  std::memcpy(header, bytes_.data(), kUdpHeaderLen);
  store_be16(&header[kChecksum], 0);
  return as_transmitted(checksum_add(
      payload(), checksum_add(header, ipv4_pseudo_header_sum(src, dst, ip_proto::kUdp, length()))));
}
Bytes UdpPacket::payload() const {
  return bytes_.subspan(kUdpHeaderLen, length() - kUdpHeaderLen);
}

Result<UdpRepr, ParseError> UdpRepr::parse(const UdpPacket& packet, Ipv4Address src,
                                           Ipv4Address dst, ChecksumCheck check) {
  UdpRepr r;
  r.checksum = packet.checksum();
  r.checksum_valid = packet.checksum_valid(src, dst);
  if (check == ChecksumCheck::kVerify && !r.checksum_valid) return Err{ParseError::kBadChecksum};
  r.src_port = packet.src_port();
  r.dst_port = packet.dst_port();
  return r;
}

void UdpRepr::emit(MutableBytes datagram, Ipv4Address src, Ipv4Address dst) const {
  store_be16(&datagram[kSrcPort], src_port);
  store_be16(&datagram[kDstPort], dst_port);
  store_be16(&datagram[kLength], static_cast<std::uint16_t>(datagram.size()));
  store_be16(&datagram[kChecksum], 0);
  store_be16(&datagram[kChecksum], as_transmitted(udp_sum(datagram, src, dst)));
}

std::string UdpRepr::to_string(std::size_t payload_len) const {
  return strprintf("UDP, length %zu", payload_len);
}

}  // namespace ws
