// TCP segments (RFC 9293 §3.1) with the options we speak: MSS (RFC 9293 §3.7.1), window scale
// and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018); unknown options are
// skipped by their length.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/base/seq.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

inline constexpr std::size_t kTcpMinHeaderLen = 20;
inline constexpr std::size_t kTcpMaxHeaderLen = 60;

namespace tcp_flag {
inline constexpr std::uint16_t kFin = 0x001;
inline constexpr std::uint16_t kSyn = 0x002;
inline constexpr std::uint16_t kRst = 0x004;
inline constexpr std::uint16_t kPsh = 0x008;
inline constexpr std::uint16_t kAck = 0x010;
inline constexpr std::uint16_t kUrg = 0x020;
inline constexpr std::uint16_t kEce = 0x040;
inline constexpr std::uint16_t kCwr = 0x080;
inline constexpr std::uint16_t kAe = 0x100;  // AccECN (RFC 9768), the old NS bit
}  // namespace tcp_flag

// Option kinds (IANA "TCP Option Kind Numbers").
namespace tcp_option {
inline constexpr std::uint8_t kEol = 0;
inline constexpr std::uint8_t kNop = 1;
inline constexpr std::uint8_t kMss = 2;
inline constexpr std::uint8_t kWindowScale = 3;
inline constexpr std::uint8_t kSackPermitted = 4;
inline constexpr std::uint8_t kSack = 5;
inline constexpr std::uint8_t kTimestamps = 8;
}  // namespace tcp_option

// A view over one TCP segment. `check` verifies the fixed header is present and that the data
// offset is >= 5 and within the buffer.
class TcpPacket {
 public:
  static Result<TcpPacket, ParseError> check(Bytes segment);

  std::uint16_t src_port() const;
  std::uint16_t dst_port() const;
  Seq seq() const;
  Seq ack() const;
  std::size_t header_len() const;  // data offset * 4
  std::uint16_t flags() const;     // the 9 flag bits (tcp_flag::*)
  std::uint8_t reserved() const;   // the 3 reserved bits before AE
  std::uint16_t window() const;
  std::uint16_t checksum() const;
  std::uint16_t urgent() const;
  bool checksum_valid(Ipv4Address src, Ipv4Address dst) const;
  std::uint16_t computed_checksum(Ipv4Address src, Ipv4Address dst) const;  // what it should be
  Bytes options() const;
  Bytes payload() const { return bytes_.subspan(header_len()); }
  Bytes bytes() const { return bytes_; }

 private:
  explicit TcpPacket(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

struct SackBlock {
  Seq left;   // first sequence number of the block
  Seq right;  // sequence number just past the block
  bool operator==(const SackBlock&) const = default;
};

// The options of one segment, as far as we understand them.
struct TcpOptions {
  std::optional<std::uint16_t> mss;
  std::optional<std::uint8_t> window_scale;
  bool sack_permitted = false;
  struct Timestamps {
    std::uint32_t value;
    std::uint32_t echo;
    bool operator==(const Timestamps&) const = default;
  };
  std::optional<Timestamps> timestamps;
  std::array<SackBlock, 4> sack{};
  std::uint8_t sack_count = 0;

  // Unknown kinds are skipped by their length; EOL ends the list. A length byte missing, below
  // 2 or running past the end, or a known kind with the wrong length, is kMalformed.
  static Result<TcpOptions, ParseError> parse(Bytes options);

  // Bytes these options take on the wire, padded to a multiple of 4 (NOPs placed like Linux:
  // e.g. "NOP NOP TS" and "NOP NOP SACK"). SACK blocks that do not fit in the 40 bytes of option
  // space are left out, as Linux does.
  std::size_t wire_len() const;
  // Writes wire_len() bytes in Linux's order: MSS, SACK-permitted + TS ("sackOK,TS" when both,
  // else "nop,nop,TS" or "nop,nop,sackOK"), "nop,wscale", "nop,nop,sack".
  void emit(MutableBytes out) const;
  // How many of the sack_count blocks fit next to the other options.
  std::uint8_t sack_blocks_on_wire() const;
};

// tcpdump's option list from the bytes: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7"; unknown
// kinds by name ("mptcp", "unknown-99") and their data in hex, a bad length as "[bad opt]".
std::string tcp_options_to_string(Bytes options);

struct TcpRepr {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  Seq seq;
  Seq ack;
  std::uint16_t flags = 0;
  std::uint16_t window = 0;  // as on the wire (unscaled)
  std::uint16_t urgent = 0;
  TcpOptions options;
  std::uint16_t checksum = 0;  // as parsed
  bool checksum_valid = true;  // as parsed
  std::uint8_t reserved = 0;   // the 3 reserved bits, kept so parse -> emit is exact

  // Malformed options (a length running past the header, a known option with a wrong length)
  // are ParseError::kMalformed.
  static Result<TcpRepr, ParseError> parse(const TcpPacket& packet, Ipv4Address src,
                                           Ipv4Address dst,
                                           ChecksumCheck check = ChecksumCheck::kVerify);
  std::size_t header_len() const { return kTcpMinHeaderLen + options.wire_len(); }
  bool has(std::uint16_t flag) const { return (flags & flag) != 0; }
  // Sequence space the segment occupies: payload plus one each for SYN and FIN.
  std::uint32_t segment_len(std::size_t payload_len) const {
    return static_cast<std::uint32_t>(payload_len) + (has(tcp_flag::kSyn) ? 1u : 0u) +
           (has(tcp_flag::kFin) ? 1u : 0u);
  }
  // Writes header_len() bytes of header in front of the payload that already follows it in
  // `segment` (= header + payload) and computes the checksum.
  void emit(MutableBytes segment, Ipv4Address src, Ipv4Address dst) const;
  // tcpdump's wording after the addresses: "Flags [S.], seq 1, ack 2, win 65535,
  // options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0".
  std::string to_string(std::size_t payload_len) const;
  // The same with the options printed from their captured bytes (any order, unknown kinds).
  std::string to_string(std::size_t payload_len, Bytes wire_options) const;
};

}  // namespace ws
