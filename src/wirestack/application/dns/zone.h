// A zone's records, loaded from a master-file subset (RFC 1035 §5): $ORIGIN, $TTL, owner
// inheritance, '@', relative names, comments, parentheses; SOA, NS, A, AAAA, CNAME, TXT, PTR.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/wire/dns.h"

namespace ws::dns {

struct ZoneError {
  std::size_t line = 0;  // 1-based; 0 for whole-zone problems (no SOA)
  std::string message;
  std::string to_string() const;  // "line 7: unknown type 'MX2'"
};

class Zone {
 public:
  // Parses `text`; the zone's origin is the owner of its SOA record, which must exist once.
  static Result<Zone, ZoneError> parse(std::string_view text,
                                       const DnsName& origin = DnsName::root(),
                                       std::uint32_t default_ttl = 3600);

  const DnsName& origin() const { return origin_; }
  const DnsRecord& soa() const { return soa_; }
  // The records owned by `name` (empty when none).
  const std::vector<DnsRecord>& records_at(const DnsName& name) const;
  // Whether `name` owns records or has descendants that do (empty non-terminals exist too).
  bool name_exists(const DnsName& name) const { return existing_.count(name) != 0; }
  // The closest delegation point (an NS RRset below the origin) at or above `name`, or nullptr.
  const DnsName* delegation_for(const DnsName& name) const;

 private:
  void add(DnsRecord record);

  DnsName origin_;
  DnsRecord soa_;
  std::map<DnsName, std::vector<DnsRecord>> nodes_;
  std::set<DnsName> existing_;
};

}  // namespace ws::dns
