// What resolvers share: one query on the wire and how its answer is recognised (RFC 5452 §9.1:
// id, source port, server and question must all match), and the result of a lookup.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "wirestack/application/dns/cache.h"
#include "wirestack/base/rng.h"
#include "wirestack/base/time.h"
#include "wirestack/wire/dns.h"

namespace ws::dns {

// A UDP datagram for a driver to send (or that it received): the remote end and our port.
struct Datagram {
  Ipv4Address remote;
  std::uint16_t remote_port = kPort;
  std::uint16_t local_port = 0;
  std::vector<std::uint8_t> payload;
};

// RFC 6056 §2.1: the dynamic range ephemeral source ports come from.
inline constexpr std::uint16_t kFirstEphemeralPort = 49152;

struct Transaction {
  std::uint16_t id = 0;
  std::uint16_t local_port = 0;
  Ipv4Address server;
  DnsQuestion question;
  Instant deadline;

  // The query datagram (RD as given, EDNS0 advertising 1232 bytes).
  Datagram datagram(bool rd) const;
  // Whether `response` (from `from`:`from_port` to our `to_port`) answers this query.
  bool matches(Ipv4Address from, std::uint16_t from_port, std::uint16_t to_port,
               const DnsMessage& response) const;
};

// Why a datagram received on a resolver's query port is not taken as an answer.
enum class ResponseDrop : std::uint8_t {
  kUnexpected,  // no query outstanding on that port
  kMalformed,   // it does not parse
  kMismatched,  // wrong id, server, port or question (spoofing, or a late answer)
};
const char* to_string(ResponseDrop drop);

// The dropped responses of a resolver, by reason.
struct ResponseDropCounters {
  std::uint64_t unexpected = 0;
  std::uint64_t malformed = 0;
  std::uint64_t mismatched = 0;
  void count(ResponseDrop drop);
};

// The answer to `tx` (null: nothing awaited on `local_port`) in `payload`, from
// `from`:`from_port`, or why it is dropped (RFC 5452 §9.1).
Result<DnsMessage, ResponseDrop> accept_response(const Transaction* tx, Ipv4Address from,
                                                 std::uint16_t from_port, std::uint16_t local_port,
                                                 Bytes payload);

struct Resolution {
  DnsQuestion question;
  std::uint8_t rcode = rcode::kNoError;
  std::vector<DnsRecord> answers;  // the CNAME chain, then the records asked for
  std::vector<DnsRecord> authority;  // a negative answer's SOA, its TTL the negative TTL
  bool from_cache = false;         // answered without sending a query
  // Every accepted response, in order, with the server that sent it (for `dig +trace`).
  std::vector<std::pair<Ipv4Address, DnsMessage>> trail;

  // The A records' addresses.
  std::vector<Ipv4Address> addresses() const;
};

using ResolveCallback = std::function<void(const Resolution&)>;

// Follows `name` through `records` (CNAMEs, then `type`), appending what it uses to `chain`;
// returns true when records of `type` were found. `name` ends at the last CNAME target.
bool follow_answers(const std::vector<DnsRecord>& records, DnsName& name, std::uint16_t type,
                    std::vector<DnsRecord>& chain, int& cnames_left);
// Caches each RRset of `records` whose owner lies in `bailiwick` (RFC 2181 §5.4.1 in spirit:
// a server is believed only about its own zone).
void cache_rrsets(DnsCache& cache, const std::vector<DnsRecord>& records,
                  const DnsName& bailiwick, Instant now);
// RFC 2308 §5: how long a negative answer may be cached: min(SOA TTL, SOA MINIMUM) of the
// authority section's SOA; 0 (do not cache) without one.
std::uint32_t negative_ttl(const DnsMessage& response);
// The SOA of a negative `response`'s authority section with its TTL set to negative_ttl(),
// as a resolver passes it on (RFC 2308 §3, §5); empty without one.
std::vector<DnsRecord> negative_soa(const DnsMessage& response);

}  // namespace ws::dns
