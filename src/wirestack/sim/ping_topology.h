// The built-in topology for `wirestack ping`:
//
//   client ── lan switch ── r1 ══ wan ══ r2 ── dc ── server
//   192.168.1.10/24     .1 /24   198.51.100.1/30 .2   203.0.113.1/24  203.0.113.10/24
//
// Private addresses (RFC 1918) on the LAN, documentation ranges (RFC 5737) beyond it. Both
// routers forward and hold static routes; there is no NAT here (that is the journey's home
// router). Faults, when asked for, are injected on both ends of the wan link.
#pragma once

#include <cstdint>

#include "wirestack/sim/topology.h"

namespace ws::sim {

struct PingTopologyOptions {
  std::uint64_t seed = 1;
  FaultConfig wan_faults;  // applied to frames sent by either end of the wan link
};

class PingTopology {
 public:
  static constexpr Ipv4Address kClient = Ipv4Address::of(192, 168, 1, 10);
  static constexpr Ipv4Address kServer = Ipv4Address::of(203, 0, 113, 10);

  explicit PingTopology(const PingTopologyOptions& options);

  Simulation& sim() { return topo_.sim(); }
  Host& client() { return client_; }
  Host& r1() { return r1_; }
  Host& r2() { return r2_; }
  Host& server() { return server_; }
  HostNode& client_node() { return topo_.node(client_); }
  // Every host, in path order from client to server.
  const std::vector<std::unique_ptr<Host>>& hosts() const { return topo_.hosts(); }
  void set_event_sink(EventSink* sink) { topo_.set_event_sink(sink); }

 private:
  Topology topo_;
  Host& client_;
  Host& r1_;
  Host& r2_;
  Host& server_;
};

}  // namespace ws::sim
