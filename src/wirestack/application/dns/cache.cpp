#include "wirestack/application/dns/cache.h"

#include <algorithm>

namespace ws::dns {
namespace {
constexpr std::uint16_t kNxDomainKey = 0;
}  // namespace

void DnsCache::put(const std::vector<DnsRecord>& records, Instant now) {
  if (records.empty()) return;
  std::uint32_t ttl = records[0].ttl;
  for (const auto& r : records) ttl = std::min(ttl, r.ttl);
  if (ttl == 0) return;
  insert({records[0].name, records[0].type},
         Entry{now + Duration::seconds(ttl), rcode::kNoError, records, {}}, now);
}

void DnsCache::put_negative(const DnsName& name, std::uint16_t type, std::uint8_t rc,
                            std::uint32_t ttl, Instant now, std::vector<DnsRecord> soa) {
  if (ttl == 0) return;
  const std::uint16_t key_type = rc == rcode::kNxDomain ? kNxDomainKey : type;
  insert({name, key_type}, Entry{now + Duration::seconds(ttl), rc, {}, std::move(soa)}, now);
}

void DnsCache::insert(Key key, Entry entry, Instant now) {
  if (max_entries_ == 0) return;  // a cache of size 0 caches nothing (dig's one-shot stub)
  if (entries_.size() >= max_entries_ && !entries_.count(key)) {
    std::erase_if(entries_, [now](const auto& kv) { return kv.second.expires <= now; });
    if (entries_.size() >= max_entries_) {  // evict what would expire first
      const auto victim = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
        return a.second.expires < b.second.expires;
      });
      entries_.erase(victim);
      ++evictions_;
    }
  }
  entries_[std::move(key)] = std::move(entry);
}

std::optional<CacheHit> DnsCache::get(const DnsName& name, std::uint16_t type, Instant now) const {
  for (const std::uint16_t key_type : {kNxDomainKey, type}) {
    const auto it = entries_.find({name, key_type});
    if (it == entries_.end() || it->second.expires <= now) continue;
    CacheHit hit{it->second.rcode, it->second.records, it->second.authority};
    const auto left = static_cast<std::uint32_t>((it->second.expires - now).as_nanos() / 1'000'000'000);
    for (auto& r : hit.records) r.ttl = left;
    for (auto& r : hit.authority) r.ttl = left;
    return hit;
  }
  return std::nullopt;
}

std::optional<CacheHit> DnsCache::follow(DnsName& name, std::uint16_t type, Instant now,
                                         std::vector<DnsRecord>& chain, int& cnames_left) const {
  while (true) {
    if (auto hit = get(name, type, now)) return hit;
    if (type == rr_type::kCname) return std::nullopt;
    const auto cname = get(name, rr_type::kCname, now);
    if (!cname || cname->negative() || cnames_left-- <= 0) return std::nullopt;
    chain.push_back(cname->records[0]);
    name = *cname->records[0].target();
  }
}

}  // namespace ws::dns
