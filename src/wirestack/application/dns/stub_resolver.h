// The resolver on every host (like glibc's with /etc/resolv.conf), sans-IO: recursive queries
// (RD) to configured servers, a cache, timeout and retry across servers, results by callback.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "wirestack/application/dns/cache.h"
#include "wirestack/application/dns/resolver_events.h"
#include "wirestack/application/dns/transaction.h"
#include "wirestack/base/rng.h"

namespace ws::dns {

struct StubCounters : ResponseDropCounters {
  std::uint64_t lookups = 0;
  std::uint64_t cache_answers = 0;
  std::uint64_t queries_sent = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t failures = 0;  // every server and attempt used up
};

class StubResolver {
 public:
  struct Config {
    std::vector<Ipv4Address> servers;  // "nameserver" lines
    Duration timeout = Duration::seconds(1);
    int attempts = 2;  // rounds over all servers (resolv.conf "attempts:")
    std::size_t cache_entries = 256;
    std::size_t max_lookups = 64;
  };

  StubResolver(Config config, Rng rng);

  // Looks `name` up; `done` runs once, from within this call on a cache hit.
  void lookup(const DnsName& name, std::uint16_t type, Instant now, ResolveCallback done);
  void on_datagram(Ipv4Address from, std::uint16_t from_port, std::uint16_t local_port,
                   Bytes payload, Instant now);
  std::optional<Datagram> poll_transmit();
  void poll(Instant now);
  // The next timeout; epoch (at once) while queries wait in the outbox.
  std::optional<Instant> poll_at() const;
  // Whether a query is outstanding from our `port` (a driver may close other query sockets).
  bool awaiting(std::uint16_t port) const { return pending_.count(port) != 0; }
  const std::vector<Ipv4Address>& servers() const { return config_.servers; }

  // Reports each step as a DnsEvent from host `node`.
  void set_event_sink(EventSink* sink, std::string_view node) { events_.attach(sink, node); }
  const StubCounters& counters() const { return counters_; }
  const DnsCache& cache() const { return cache_; }

 private:
  struct Pending {
    Transaction tx;
    int tries = 0;
    Resolution result;
    ResolveCallback done;
  };
  void send(Pending& p, Instant now);
  void finish(std::uint16_t port, std::uint8_t rc, Instant now);

  Config config_;
  Rng rng_;
  DnsCache cache_;
  std::map<std::uint16_t, Pending> pending_;  // by local port
  std::deque<Datagram> outbox_;
  StubCounters counters_;
  ResolverEvents events_;
};

}  // namespace ws::dns
