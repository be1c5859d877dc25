// An iterative (recursive-service) resolver, sans-IO (RFC 1034 §5.3.3): from root hints it
// follows referrals and CNAMEs, caches by TTL (negative answers too, RFC 2308), and picks a
// random id and source port per query (RFC 5452). Its outputs are datagrams to send
// (poll_transmit); its inputs are datagrams received and the time (poll / poll_at).
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

struct ResolverCounters : ResponseDropCounters {
  std::uint64_t lookups = 0;
  std::uint64_t cache_answers = 0;  // lookups answered without a query
  std::uint64_t queries_sent = 0;
  std::uint64_t responses_accepted = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t referrals = 0;
  std::uint64_t servfail = 0;     // lookups given up (servers exhausted, limits hit)
  std::uint64_t client_queries = 0;
};

class RecursiveResolver {
 public:
  struct RootHint {
    DnsName name;
    Ipv4Address address;
  };
  struct Config {
    std::vector<RootHint> root_hints;
    Duration timeout = Duration::millis(800);
    int max_referrals = 10;   // per lookup
    int max_cnames = 8;       // per lookup
    int max_queries = 20;     // per lookup, all servers and retries included
    std::size_t max_lookups = 256;  // in progress at once; more are answered SERVFAIL
    std::size_t cache_entries = 4096;
  };

  RecursiveResolver(Config config, Rng rng);

  // Starts resolving `question`; `done` runs once with the result (from within this call when
  // the cache answers, else from on_datagram or poll).
  void resolve(const DnsQuestion& question, Instant now, ResolveCallback done);
  // A query from a client to our port 53; the response is queued for poll_transmit.
  void on_client_query(Ipv4Address client, std::uint16_t client_port, Bytes query, Instant now);
  // A datagram from `from`:`from_port` to our `local_port`.
  void on_datagram(Ipv4Address from, std::uint16_t from_port, std::uint16_t local_port,
                   Bytes payload, Instant now);
  // The next datagram to send (queries from ephemeral ports, responses from port 53).
  std::optional<Datagram> poll_transmit();
  // Runs timeouts.
  void poll(Instant now);
  // The next timeout; epoch (at once) while datagrams wait in the outbox.
  std::optional<Instant> poll_at() const;
  // Whether a query is outstanding from our `port` (a driver may close other query sockets).
  bool awaiting(std::uint16_t port) const { return by_port_.count(port) != 0; }

  // Reports each step (queries, referrals, cache hits, drops) as a DnsEvent from host `node`.
  void set_event_sink(EventSink* sink, std::string_view node) { events_.attach(sink, node); }

  const ResolverCounters& counters() const { return counters_; }
  const DnsCache& cache() const { return cache_; }

 private:
  struct Lookup {
    DnsQuestion question;
    DnsName qname;  // the name being resolved (after CNAMEs)
    DnsName zone;   // the zone cut whose servers are being asked
    std::vector<Ipv4Address> servers;
    std::size_t next_server = 0;
    int referrals = 0;
    int cnames_left = 0;
    int queries = 0;
    std::optional<Transaction> tx;
    Resolution result;
    ResolveCallback done;
  };

  void advance(std::uint64_t key, Instant now);
  void send_next(std::uint64_t key, Instant now);
  void on_response(std::uint64_t key, Ipv4Address from, const DnsMessage& m, Instant now);
  void finish(std::uint64_t key, std::uint8_t rc, Instant now);
  // The deepest zone cut with cached NS addresses at or above `name`.
  std::optional<std::pair<DnsName, std::vector<Ipv4Address>>> closest_servers(
      const DnsName& name, Instant now) const;
  std::vector<Ipv4Address> addresses_of(const std::vector<DnsRecord>& ns, Instant now) const;
  std::uint16_t free_port();

  Config config_;
  Rng rng_;
  DnsCache cache_;
  std::map<std::uint64_t, Lookup> lookups_;
  std::map<std::uint16_t, std::uint64_t> by_port_;  // local port -> lookup
  std::uint64_t next_key_ = 1;
  std::deque<Datagram> outbox_;
  ResolverCounters counters_;
  ResolverEvents events_;
};

}  // namespace ws::dns
