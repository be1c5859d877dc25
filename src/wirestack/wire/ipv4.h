// IPv4 headers (RFC 791): options length honoured, flags, fragment offset, header checksum.
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

inline constexpr std::size_t kIpv4MinHeaderLen = 20;
inline constexpr std::size_t kIpv4MaxHeaderLen = 60;

namespace ip_proto {
inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
}  // namespace ip_proto

// A view over one IPv4 datagram. `check` verifies version, IHL >= 5, that the header fits and
// that total length >= header length and fits the buffer; a buffer longer than total length
// (Ethernet padding) is fine: payload() stops at total length.
class Ipv4Packet {
 public:
  static Result<Ipv4Packet, ParseError> check(Bytes packet);

  std::uint8_t version() const;
  std::size_t header_len() const;  // IHL * 4
  std::uint8_t dscp_ecn() const;
  std::uint16_t total_len() const;
  std::uint16_t ident() const;
  bool dont_fragment() const;
  bool more_fragments() const;
  bool reserved_flag() const;
  std::uint16_t frag_offset() const;  // in bytes (the field * 8)
  std::uint8_t ttl() const;
  std::uint8_t protocol() const;
  std::uint16_t checksum() const;
  bool checksum_valid() const;
  std::uint16_t computed_checksum() const;  // what the checksum field should hold
  Ipv4Address src() const;
  Ipv4Address dst() const;
  Bytes options() const;
  Bytes header() const { return bytes_.first(header_len()); }
  Bytes payload() const;  // from header_len() to total_len()
  Bytes bytes() const { return bytes_; }

 private:
  explicit Ipv4Packet(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

// A mutable view for the forwarding path: TTL decrement with an incremental checksum update
// (RFC 1624), and address rewriting for NAT, without re-serialising the header.
class Ipv4PacketMut {
 public:
  explicit Ipv4PacketMut(MutableBytes checked) : bytes_(checked) {}
  void decrement_ttl();
  void set_src(Ipv4Address a);
  void set_dst(Ipv4Address a);

 private:
  MutableBytes bytes_;
};

struct Ipv4Repr {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint8_t protocol = 0;
  std::uint8_t ttl = 64;
  std::uint8_t dscp_ecn = 0;
  std::uint16_t ident = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  std::uint16_t frag_offset = 0;   // bytes, a multiple of 8
  std::uint16_t payload_len = 0;   // total length - header length
  std::uint8_t options_len = 0;    // bytes of options (multiple of 4); copied verbatim on emit
  const std::uint8_t* options = nullptr;  // points into the parsed packet, or null
  std::uint16_t checksum = 0;      // as parsed (emit computes a fresh one)
  bool checksum_valid = true;      // as parsed
  bool reserved_flag = false;      // RFC 3514's "evil bit": kept so parse -> emit is exact

  // With kVerify, a bad header checksum is ParseError::kBadChecksum; with kIgnore it parses and
  // checksum_valid says so.
  static Result<Ipv4Repr, ParseError> parse(const Ipv4Packet& packet,
                                            ChecksumCheck check = ChecksumCheck::kVerify);
  std::size_t header_len() const { return kIpv4MinHeaderLen + options_len; }
  std::size_t total_len() const { return header_len() + payload_len; }
  // Writes header_len() bytes and computes the header checksum. options_len must be a multiple
  // of 4, at most 40; null options with a length emit End of Option List bytes.
  void emit(MutableBytes header) const;
  // "IP 192.168.0.10 > 198.51.100.1: " prefix pieces are printed by the packet printer; this
  // gives "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 84)".
  std::string to_string() const;
};

// The 12-byte pseudo-header sum for TCP/UDP checksums (RFC 9293 §3.1, RFC 768).
std::uint64_t ipv4_pseudo_header_sum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                     std::uint16_t length);

}  // namespace ws
