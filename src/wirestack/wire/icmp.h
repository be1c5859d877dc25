// ICMPv4 (RFC 792): echo, destination unreachable (incl. fragmentation needed, RFC 1191), time
// exceeded; error messages carry the quoted IP header + 8 bytes of the offending datagram.
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

inline constexpr std::size_t kIcmpHeaderLen = 8;

namespace icmp_type {
inline constexpr std::uint8_t kEchoReply = 0;
inline constexpr std::uint8_t kDestUnreachable = 3;
inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kTimeExceeded = 11;
inline constexpr std::uint8_t kParameterProblem = 12;
}  // namespace icmp_type

namespace icmp_unreach {
inline constexpr std::uint8_t kNet = 0;
inline constexpr std::uint8_t kHost = 1;
inline constexpr std::uint8_t kProtocol = 2;
inline constexpr std::uint8_t kPort = 3;
inline constexpr std::uint8_t kFragNeeded = 4;
inline constexpr std::uint8_t kAdminProhibited = 13;
}  // namespace icmp_unreach

namespace icmp_time_exceeded {
inline constexpr std::uint8_t kTtl = 0;
inline constexpr std::uint8_t kReassembly = 1;
}  // namespace icmp_time_exceeded

class IcmpPacket {
 public:
  static Result<IcmpPacket, ParseError> check(Bytes packet);  // at least 8 bytes

  std::uint8_t type() const;
  std::uint8_t code() const;
  std::uint16_t checksum() const;
  bool checksum_valid() const;
  std::uint16_t echo_ident() const;   // echo: bytes 4-5
  std::uint16_t echo_seq() const;     // echo: bytes 6-7
  std::uint16_t next_hop_mtu() const; // frag needed: bytes 6-7
  std::uint32_t rest_of_header() const;  // bytes 4-7
  Bytes payload() const { return bytes_.subspan(kIcmpHeaderLen); }
  Bytes bytes() const { return bytes_; }

 private:
  explicit IcmpPacket(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

// The message kinds we build and understand; others parse as kOther with type/code kept.
struct IcmpRepr {
  enum class Kind : std::uint8_t { kEchoRequest, kEchoReply, kDestUnreachable, kTimeExceeded, kOther };
  Kind kind = Kind::kOther;
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t ident = 0;         // echo
  std::uint16_t seq = 0;           // echo
  std::uint16_t next_hop_mtu = 0;  // dest unreachable / fragmentation needed
  // Bytes 4-7 as parsed (kept for every kind, so parse -> emit is exact: RFC 4884's length
  // byte of an error, a redirect's gateway). On emit, echo's ident/seq and dest unreachable's
  // next_hop_mtu are written over their halves.
  std::uint32_t rest_of_header = 0;
  // Echo data, or for errors the quoted datagram (IP header + at least 8 bytes), verbatim.
  Bytes data;
  std::uint16_t checksum = 0;
  bool checksum_valid = true;

  static Result<IcmpRepr, ParseError> parse(const IcmpPacket& packet,
                                            ChecksumCheck check = ChecksumCheck::kVerify);
  static IcmpRepr echo_request(std::uint16_t ident, std::uint16_t seq, Bytes data);
  static IcmpRepr echo_reply(std::uint16_t ident, std::uint16_t seq, Bytes data);
  // `quoted` is the offending datagram; the builder keeps its IP header + 8 bytes (RFC 792),
  // never more than fits in 576 bytes total (RFC 1812 §4.3.2.3).
  static IcmpRepr dest_unreachable(std::uint8_t code, Bytes quoted, std::uint16_t next_hop_mtu = 0);
  static IcmpRepr time_exceeded(std::uint8_t code, Bytes quoted);

  bool is_error() const { return kind == Kind::kDestUnreachable || kind == Kind::kTimeExceeded; }
  std::size_t len() const { return kIcmpHeaderLen + data.size(); }
  // Writes len() bytes and computes the checksum.
  void emit(MutableBytes out) const;
  // "ICMP echo request, id 1, seq 1, length 64" / "ICMP time exceeded in-transit, length 36" /
  // "ICMP 198.51.100.7 udp port 33434 unreachable, length 36" (tcpdump's wording)
  std::string to_string() const;
};

// What an ICMP error quotes of `datagram`: its IP header + 8 bytes (RFC 792), at most what fits
// a 576-byte error datagram (RFC 1812 §4.3.2.3), at most what there is.
Bytes icmp_quote(Bytes datagram);

}  // namespace ws
