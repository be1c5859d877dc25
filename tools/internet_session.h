// What `dig` and `traceroute` share: the journey's simulated internet with --seed, --pcap-dir
// and --events wired in, resolvers started on the client on demand, and lookups run to their
// end on virtual time.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "options.h"
#include "output_files.h"
#include "wirestack/application/dns/udp_binding.h"
#include "wirestack/sim/internet_dns.h"
#include "wirestack/sim/internet_topology.h"

namespace ws::tool {

class InternetSession {
 public:
  // Reads --seed; opens --events and starts --pcap-dir captures (UsageError when they fail).
  InternetSession(const char* command, const ParsedOptions& options);

  sim::InternetTopology& net() { return net_; }
  // Every event of the run (the JSON Lines file when --events is given).
  EventSink& sink() { return sinks_; }

  // dig's own resolver on the client: asks `server` only, caches nothing. Its events go to the
  // run's sink and to `also`.
  dns::StubResolver& add_stub(Ipv4Address server, EventSink& also);
  // An iterative resolver on the client, from the root hints (dig +trace).
  dns::RecursiveResolver& add_iterative_resolver(EventSink& also);

  // Runs `start(now, done)` and the simulation until `done` is called or `limit` passes.
  std::optional<dns::Resolution> run_lookup(
      const std::function<void(Instant, dns::ResolveCallback)>& start, Duration limit);
  // A lookup through the client's configured resolver (like getaddrinfo).
  std::optional<dns::Resolution> lookup(const dns::DnsName& name, std::uint16_t type);

  // Flushes the captures and the events file.
  void finish() { outputs_.finish(net_.sim()); }

 private:
  // The fan-out for one resolver: the run's sinks and its own listener.
  EventFanout& fanout_with(EventSink& also);

  OutputFiles outputs_;
  sim::InternetTopology net_;
  EventFanout sinks_;
  // Declared after net_: destroyed first, while the UDP layers they use still exist.
  std::deque<EventFanout> fanouts_;
  std::deque<std::unique_ptr<dns::StubResolver>> stubs_;
  std::deque<std::unique_ptr<dns::StubUdpBinding>> stub_bindings_;
  std::deque<std::unique_ptr<dns::RecursiveResolver>> resolvers_;
  std::deque<std::unique_ptr<dns::RecursiveUdpResolver>> resolver_bindings_;
};

}  // namespace ws::tool
