// A bounded cache of RRsets by TTL, with negative entries (RFC 2308): NXDOMAIN per name,
// NODATA per name and type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "wirestack/base/time.h"
#include "wirestack/wire/dns.h"

namespace ws::dns {

struct CacheHit {
  std::uint8_t rcode = rcode::kNoError;  // NXDOMAIN for a cached nonexistent name
  std::vector<DnsRecord> records;        // TTLs counted down to now; empty for negative hits
  std::vector<DnsRecord> authority;      // negative hits: the zone's SOA (RFC 2308 §3)
  bool negative() const { return records.empty(); }
};

class DnsCache {
 public:
  explicit DnsCache(std::size_t max_entries = 4096) : max_entries_(max_entries) {}

  // Caches `records` (one RRset: same name and type) for the smallest TTL among them.
  void put(const std::vector<DnsRecord>& records, Instant now);
  // Caches "no such name" (NXDOMAIN) or "no such type" (NODATA) for `ttl` seconds, with the
  // SOA record that came with it (given back, counted down, with each hit).
  void put_negative(const DnsName& name, std::uint16_t type, std::uint8_t rc, std::uint32_t ttl,
                    Instant now, std::vector<DnsRecord> soa = {});
  // A live entry for name/type (or a cached NXDOMAIN for name), else nullopt.
  std::optional<CacheHit> get(const DnsName& name, std::uint16_t type, Instant now) const;
  // Follows cached CNAMEs from `name` (at most `cnames_left`, counted down), appending them to
  // `chain` and moving `name` to the last target; then the entry for name/type, if any.
  std::optional<CacheHit> follow(DnsName& name, std::uint16_t type, Instant now,
                                 std::vector<DnsRecord>& chain, int& cnames_left) const;

  std::size_t size() const { return entries_.size(); }
  std::uint64_t evictions() const { return evictions_; }

 private:
  struct Entry {
    Instant expires;
    std::uint8_t rcode = rcode::kNoError;
    std::vector<DnsRecord> records;
    std::vector<DnsRecord> authority;
  };
  using Key = std::pair<DnsName, std::uint16_t>;  // type 0: the name does not exist
  void insert(Key key, Entry entry, Instant now);

  std::size_t max_entries_;
  std::map<Key, Entry> entries_;
  std::uint64_t evictions_ = 0;
};

}  // namespace ws::dns
