// UDP datagrams (RFC 768): ports, length, checksum over the IPv4 pseudo-header.
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

inline constexpr std::size_t kUdpHeaderLen = 8;

// A view over one UDP datagram. `check` verifies the buffer holds the header and that the
// length field is >= 8 and fits the buffer; payload() stops at the length field.
class UdpPacket {
 public:
  static Result<UdpPacket, ParseError> check(Bytes datagram);

  std::uint16_t src_port() const;
  std::uint16_t dst_port() const;
  std::uint16_t length() const;
  std::uint16_t checksum() const;
  // RFC 768: a transmitted checksum of zero means none was computed; that counts as valid.
  bool checksum_valid(Ipv4Address src, Ipv4Address dst) const;
  // What the checksum field should hold (a computed zero is 0xffff).
  std::uint16_t computed_checksum(Ipv4Address src, Ipv4Address dst) const;
  Bytes payload() const;
  Bytes bytes() const { return bytes_; }

 private:
  explicit UdpPacket(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

struct UdpRepr {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint16_t checksum = 0;  // as parsed
  bool checksum_valid = true;  // as parsed (true when the checksum was zero)

  static Result<UdpRepr, ParseError> parse(const UdpPacket& packet, Ipv4Address src,
                                           Ipv4Address dst,
                                           ChecksumCheck check = ChecksumCheck::kVerify);
  // Writes the 8-byte header in front of `payload_len` bytes of payload that already follow it
  // in the same buffer (`datagram` = header + payload) and computes the checksum (a computed
  // zero is sent as 0xffff, RFC 768).
  void emit(MutableBytes datagram, Ipv4Address src, Ipv4Address dst) const;
  // "UDP, length 32" / with ports printed by the frame printer as "a.b.c.d.sport > ...".
  std::string to_string(std::size_t payload_len) const;
};

}  // namespace ws
