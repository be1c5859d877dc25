// DNS messages (RFC 1035 §4): header, questions, resource records (A, AAAA, CNAME, NS, SOA, TXT,
// PTR decoded; others, OPT included, kept as opaque rdata), name compression, truncation (TC).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"
#include "wirestack/wire/address.h"
#include "wirestack/wire/dns_name.h"

namespace ws::dns {

inline constexpr std::size_t kHeaderLen = 12;
inline constexpr std::uint16_t kPort = 53;
inline constexpr std::size_t kClassicUdpSize = 512;  // RFC 1035 §4.2.1

namespace rr_type {
inline constexpr std::uint16_t kA = 1;
inline constexpr std::uint16_t kNs = 2;
inline constexpr std::uint16_t kCname = 5;
inline constexpr std::uint16_t kSoa = 6;
inline constexpr std::uint16_t kPtr = 12;
inline constexpr std::uint16_t kMx = 15;
inline constexpr std::uint16_t kTxt = 16;
inline constexpr std::uint16_t kAaaa = 28;
inline constexpr std::uint16_t kOpt = 41;
inline constexpr std::uint16_t kAny = 255;
}  // namespace rr_type

inline constexpr std::uint16_t kClassIn = 1;

namespace opcode {
inline constexpr std::uint8_t kQuery = 0;
inline constexpr std::uint8_t kNotify = 4;
inline constexpr std::uint8_t kUpdate = 5;
}  // namespace opcode

namespace rcode {
inline constexpr std::uint8_t kNoError = 0;
inline constexpr std::uint8_t kFormErr = 1;
inline constexpr std::uint8_t kServFail = 2;
inline constexpr std::uint8_t kNxDomain = 3;
inline constexpr std::uint8_t kNotImp = 4;
inline constexpr std::uint8_t kRefused = 5;
}  // namespace rcode

// "A", "AAAA", ..., "TYPE99" (RFC 3597 §5) for the rest; and back (nullopt when unknown).
std::string type_name(std::uint16_t type);
std::optional<std::uint16_t> type_from_name(std::string_view name);
// "NOERROR", "NXDOMAIN", ... as dig prints them.
std::string rcode_name(std::uint8_t rcode);

// A view over a message: the 12-byte header's fields.
class DnsPacket {
 public:
  static Result<DnsPacket, DnsError> check(Bytes message);  // at least the header

  std::uint16_t id() const;
  std::uint16_t flags() const;
  std::uint16_t qdcount() const;
  std::uint16_t ancount() const;
  std::uint16_t nscount() const;
  std::uint16_t arcount() const;
  Bytes bytes() const { return bytes_; }

 private:
  explicit DnsPacket(Bytes b) : bytes_(b) {}
  Bytes bytes_;
};

// RFC 1035 §4.1.1 (AD, CD: RFC 4035 §3.2).
struct DnsHeader {
  std::uint16_t id = 0;
  bool qr = false;  // response
  std::uint8_t opcode = opcode::kQuery;
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  bool z = false;
  bool ad = false;
  bool cd = false;
  std::uint8_t rcode = rcode::kNoError;

  static DnsHeader from_flags(std::uint16_t id, std::uint16_t flags);
  std::uint16_t flags() const;
  bool operator==(const DnsHeader&) const = default;
};

struct DnsQuestion {
  DnsName name;
  std::uint16_t type = rr_type::kA;
  std::uint16_t qclass = kClassIn;
  bool operator==(const DnsQuestion&) const = default;
};

struct SoaData {
  DnsName mname;
  DnsName rname;
  std::uint32_t serial = 0;
  std::uint32_t refresh = 0;
  std::uint32_t retry = 0;
  std::uint32_t expire = 0;
  std::uint32_t minimum = 0;  // the negative-caching TTL (RFC 2308 §4)
  bool operator==(const SoaData&) const = default;
};

// Rdata by type: A, AAAA, a name (CNAME, NS, PTR), SOA, TXT strings, or opaque bytes.
using Ipv6Bytes = std::array<std::uint8_t, 16>;
using TxtData = std::vector<std::string>;
using OpaqueData = std::vector<std::uint8_t>;
using Rdata = std::variant<OpaqueData, Ipv4Address, Ipv6Bytes, DnsName, SoaData, TxtData>;

struct DnsRecord {
  DnsName name;
  std::uint16_t type = rr_type::kA;
  std::uint16_t rclass = kClassIn;  // OPT: the requestor's UDP payload size
  std::uint32_t ttl = 0;            // OPT: extended rcode, version, DO flag
  Rdata data;

  static DnsRecord a(DnsName name, std::uint32_t ttl, Ipv4Address address);
  static DnsRecord with_name(std::uint16_t type, DnsName name, std::uint32_t ttl, DnsName target);
  static DnsRecord soa(DnsName name, std::uint32_t ttl, SoaData soa);
  // An EDNS0 OPT pseudo-record advertising `udp_size` (RFC 6891 §6.1.2).
  static DnsRecord opt(std::uint16_t udp_size);

  // The target of CNAME/NS/PTR, else nullptr.
  const DnsName* target() const { return std::get_if<DnsName>(&data); }
  // Rdata in dig's presentation form ("203.0.113.10", "ns1.google.com.", "\"text\"").
  std::string data_string() const;
  // dig's answer-section line: "www.google.com.\t300\tIN\tA\t203.0.113.10".
  std::string to_string() const;
  bool operator==(const DnsRecord&) const = default;
};

struct DnsMessage {
  DnsHeader header;
  std::vector<DnsQuestion> questions;
  std::vector<DnsRecord> answers;
  std::vector<DnsRecord> authority;
  std::vector<DnsRecord> additional;

  // Every section parsed; counts that cannot fit the message are rejected before any
  // allocation. Bytes after the last record are ignored.
  static Result<DnsMessage, DnsError> parse(const DnsPacket& packet);
  static Result<DnsMessage, DnsError> parse(Bytes message);

  // The OPT record of the additional section, or nullptr (RFC 6891).
  const DnsRecord* opt() const;
  // The largest response the requestor accepts: its OPT's size (at least 512), else 512.
  std::size_t max_udp_size() const;

  // Serialises with name compression. Records that do not fit `max_size` are left out: missing
  // answers or authority set TC (RFC 1035 §4.1.1); missing additional data does not (RFC 2181
  // §9). The OPT record, if any, is kept. The header counts match what was written.
  std::vector<std::uint8_t> emit(std::size_t max_size = 65535) const;

  // tcpdump's one-liner (print-domain.c, not verbose): "12345+ [1au] A? www.google.com. (32)",
  // "12345*- 1/0/0 A 203.0.113.10 (48)". `length` is the message size printed in parentheses.
  std::string summary(std::size_t length) const;
  bool operator==(const DnsMessage&) const = default;
};

// A query for `name`/`type` with the given id, RD set as asked, optionally with EDNS0.
DnsMessage make_query(std::uint16_t id, const DnsName& name, std::uint16_t type, bool rd,
                      std::uint16_t edns_udp_size = 0);

// Dissection helpers: the IPv6 text form ("2001:db8::1", RFC 5952).
std::string ipv6_to_string(const Ipv6Bytes& a);

}  // namespace ws::dns
