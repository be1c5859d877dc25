// Why a buffer is not a valid header: every parser returns one of these instead of crashing.
#pragma once

#include <cstdint>

namespace ws {

enum class ParseError : std::uint8_t {
  kTruncated,            // shorter than the fixed header, or than a length field says
  kBadVersion,           // IPv4 version != 4
  kBadHeaderLength,      // IHL < 5 (past total length: kBadTotalLength); TCP data offset likewise
  kBadTotalLength,       // IPv4 total length < header length
  kBadLength,            // a length field that is inconsistent (UDP length, ARP hlen/plen)
  kBadChecksum,          // checksum does not verify (only when verification is asked for)
  kBadHardwareType,      // ARP htype not Ethernet
  kBadProtocolType,      // ARP ptype not IPv4
  kBadOperation,         // ARP opcode not request/reply
  kBadFragment,          // IPv4 fragment offset + length past 65535
  kUnsupported,          // a well-formed header of a kind we do not handle (ethertype, ICMP type)
  kMalformed,            // other invariant broken (named by the caller's context)
};

// A short, stable name: "truncated", "bad checksum", ...
const char* to_string(ParseError e);

// Whether checksums are verified on parse. Tools that display captures parse with kIgnore and
// show the checksum's status; the stack's input path uses kVerify.
enum class ChecksumCheck : std::uint8_t { kVerify, kIgnore };

}  // namespace ws
