// An authoritative name server (RFC 1034 §4.3.2), sans-IO: a query in, a response out.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "wirestack/application/dns/zone.h"
#include "wirestack/wire/dns.h"

namespace ws::dns {

struct AuthoritativeCounters {
  std::uint64_t queries = 0;
  std::uint64_t answers = 0;      // AA, NOERROR with data
  std::uint64_t nodata = 0;
  std::uint64_t nxdomain = 0;
  std::uint64_t referrals = 0;
  std::uint64_t refused = 0;
  std::uint64_t formerr = 0;
  std::uint64_t notimp = 0;
  std::uint64_t dropped = 0;      // no reply possible: shorter than a header, or a response
};

class AuthoritativeServer {
 public:
  // The largest UDP response we send to an EDNS0 requestor (RFC 6891 §6.2.5; DNS flag day 2020).
  static constexpr std::uint16_t kEdnsUdpSize = 1232;

  void add_zone(Zone zone) { zones_.push_back(std::move(zone)); }

  // Answers a query datagram: the response's bytes (truncated to what the requestor accepts,
  // TC set), or nullopt when no response should be sent.
  std::optional<std::vector<std::uint8_t>> answer(Bytes query);
  // Answers a parsed query.
  DnsMessage answer(const DnsMessage& query);

  const AuthoritativeCounters& counters() const { return counters_; }

 private:
  const Zone* zone_for(const DnsName& name) const;
  void resolve_in_zone(const Zone& zone, const DnsQuestion& q, DnsMessage& response);
  void add_referral(const Zone& zone, const DnsName& cut, DnsMessage& response);

  std::vector<Zone> zones_;
  AuthoritativeCounters counters_;
};

}  // namespace ws::dns
