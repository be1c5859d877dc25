#include "wirestack/wire/tcp.h"

#include <cstring>

#include "wirestack/base/checksum.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

// RFC 9293 §3.1 header layout.
constexpr std::size_t kSrcPort = 0;
constexpr std::size_t kDstPort = 2;
constexpr std::size_t kSeq = 4;
constexpr std::size_t kAck = 8;
constexpr std::size_t kOffsetFlags = 12;  // data offset (4 bits), reserved (3), AE, then 8 flags
constexpr std::size_t kWindow = 14;
constexpr std::size_t kChecksum = 16;
constexpr std::size_t kUrgent = 18;

constexpr std::uint16_t kFlagMask = 0x01ff;

std::uint64_t pseudo_header_sum(Ipv4Address src, Ipv4Address dst, std::size_t len) {
  return ipv4_pseudo_header_sum(src, dst, ip_proto::kTcp, static_cast<std::uint16_t>(len));
}

// tcpdump 4.99's tcp_flag_values, in its order (AE is not among them); "none" when none is set.
std::string flags_string(std::uint16_t flags) {
  static constexpr std::pair<std::uint16_t, char> kNames[] = {
      {tcp_flag::kFin, 'F'}, {tcp_flag::kSyn, 'S'}, {tcp_flag::kRst, 'R'}, {tcp_flag::kPsh, 'P'},
      {tcp_flag::kAck, '.'}, {tcp_flag::kUrg, 'U'}, {tcp_flag::kEce, 'E'}, {tcp_flag::kCwr, 'W'}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (flags & bit) out += name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

// RFC 9293 §3.1: the data offset counts 32-bit words and is at least 5.
Result<TcpPacket, ParseError> TcpPacket::check(Bytes segment) {
  if (segment.size() < kTcpMinHeaderLen) return Err{ParseError::kTruncated};
  const std::size_t header_len = (segment[kOffsetFlags] >> 4) * 4u;
  if (header_len < kTcpMinHeaderLen || header_len > segment.size()) {
    return Err{ParseError::kBadHeaderLength};
  }
  return TcpPacket(segment);
}

std::uint16_t TcpPacket::src_port() const {
  return load_be16(&bytes_[kSrcPort]);
}
std::uint16_t TcpPacket::dst_port() const {
  return load_be16(&bytes_[kDstPort]);
}
Seq TcpPacket::seq() const {
  return Seq(load_be32(&bytes_[kSeq]));
}
Seq TcpPacket::ack() const {
  return Seq(load_be32(&bytes_[kAck]));
}
std::size_t TcpPacket::header_len() const {
  return (bytes_[kOffsetFlags] >> 4) * 4u;
}
std::uint16_t TcpPacket::flags() const {
  return load_be16(&bytes_[kOffsetFlags]) & kFlagMask;
}
std::uint8_t TcpPacket::reserved() const {
  return (bytes_[kOffsetFlags] >> 1) & 0x7u;
}
std::uint16_t TcpPacket::window() const {
  return load_be16(&bytes_[kWindow]);
}
std::uint16_t TcpPacket::checksum() const {
  return load_be16(&bytes_[kChecksum]);
}
std::uint16_t TcpPacket::urgent() const {
  return load_be16(&bytes_[kUrgent]);
}
bool TcpPacket::checksum_valid(Ipv4Address src, Ipv4Address dst) const {
  return checksum_finish(checksum_add(bytes_, pseudo_header_sum(src, dst, bytes_.size()))) == 0;
}
std::uint16_t TcpPacket::computed_checksum(Ipv4Address src, Ipv4Address dst) const {
  std::uint8_t header[kTcpMaxHeaderLen];
  std::memcpy(header, bytes_.data(), header_len());
  store_be16(&header[kChecksum], 0);
  const std::uint64_t sum =
      checksum_add(Bytes(header, header_len()), pseudo_header_sum(src, dst, bytes_.size()));
  return checksum_finish(checksum_add(payload(), sum));
}
Bytes TcpPacket::options() const {
  return bytes_.subspan(kTcpMinHeaderLen, header_len() - kTcpMinHeaderLen);
}

Result<TcpRepr, ParseError> TcpRepr::parse(const TcpPacket& packet, Ipv4Address src,
                                           Ipv4Address dst, ChecksumCheck check) {
  TcpRepr r;
  r.checksum = packet.checksum();
  r.checksum_valid = packet.checksum_valid(src, dst);
  if (check == ChecksumCheck::kVerify && !r.checksum_valid) return Err{ParseError::kBadChecksum};
  auto options = TcpOptions::parse(packet.options());
  if (!options) return Err{options.error()};
  r.options = *options;
  r.src_port = packet.src_port();
  r.dst_port = packet.dst_port();
  r.seq = packet.seq();
  r.ack = packet.ack();
  r.flags = packet.flags();
  r.reserved = packet.reserved();
  r.window = packet.window();
  r.urgent = packet.urgent();
  return r;
}

void TcpRepr::emit(MutableBytes segment, Ipv4Address src, Ipv4Address dst) const {
  const std::size_t hlen = header_len();
  store_be16(&segment[kSrcPort], src_port);
  store_be16(&segment[kDstPort], dst_port);
  store_be32(&segment[kSeq], seq.raw());
  store_be32(&segment[kAck], ack.raw());
  store_be16(
      &segment[kOffsetFlags],
      static_cast<std::uint16_t>((hlen / 4) << 12 | (reserved & 0x7u) << 9 | (flags & kFlagMask)));
  store_be16(&segment[kWindow], window);
  store_be16(&segment[kChecksum], 0);
  store_be16(&segment[kUrgent], urgent);
  options.emit(segment.subspan(kTcpMinHeaderLen, hlen - kTcpMinHeaderLen));
  store_be16(&segment[kChecksum],
             checksum_finish(checksum_add(segment, pseudo_header_sum(src, dst, segment.size()))));
}

std::string TcpRepr::to_string(std::size_t payload_len) const {
  std::uint8_t wire[kTcpMaxHeaderLen - kTcpMinHeaderLen];
  const Bytes wire_options(wire, options.wire_len());
  options.emit(MutableBytes(wire, wire_options.size()));
  return to_string(payload_len, wire_options);
}

// tcpdump -S's tcp_print (print-tcp.c): absolute sequence numbers.
std::string TcpRepr::to_string(std::size_t payload_len, Bytes wire_options) const {
  std::string out = "Flags [" + flags_string(flags) + "]";
  if (payload_len > 0) {
    out +=
        strprintf(", seq %u:%u", seq.raw(), (seq + static_cast<std::uint32_t>(payload_len)).raw());
  } else if (has(tcp_flag::kSyn) || has(tcp_flag::kFin) || has(tcp_flag::kRst)) {
    out += strprintf(", seq %u", seq.raw());
  }
  if (has(tcp_flag::kAck)) out += strprintf(", ack %u", ack.raw());
  out += strprintf(", win %u", window);
  if (has(tcp_flag::kUrg)) out += strprintf(", urg %u", urgent);
  if (!wire_options.empty()) out += ", options [" + tcp_options_to_string(wire_options) + "]";
  return out + strprintf(", length %zu", payload_len);
}

}  // namespace ws
