// The built-in topology for `wirestack ping`:
//
//   client ── lan switch ── r1 ══ wan ══ r2 ── dc ── server
//   192.168.1.10/24     .1 /24   198.51.100.1/30 .2   203.0.113.1/24  203.0.113.10/24
//
// Private addresses (RFC 1918) on the LAN, documentation ranges (RFC 5737) beyond it. Both
// routers forward and hold static routes; there is no NAT here (that is the journey's home
// router). Faults, when asked for, are injected on both ends of the wan link.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"

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
  PingTopology(const PingTopology&) = delete;
  PingTopology& operator=(const PingTopology&) = delete;

  Simulation& sim() { return sim_; }
  Host& client() { return *hosts_[0]; }
  Host& r1() { return *hosts_[1]; }
  Host& r2() { return *hosts_[2]; }
  Host& server() { return *hosts_[3]; }
  HostNode& client_node() { return *nodes_[0]; }
  // Every host, in path order from client to server.
  const std::array<std::unique_ptr<Host>, 4>& hosts() const { return hosts_; }
  void set_event_sink(EventSink* sink);

 private:
  // Creates host `index` and the simulation node that drives it.
  void add_host(std::size_t index, const char* name, bool router);

  Rng rng_;
  Simulation sim_;
  std::array<std::unique_ptr<Host>, 4> hosts_;
  std::array<std::unique_ptr<HostNode>, 4> nodes_;
  std::vector<std::unique_ptr<FaultInjector>> faults_;
};

}  // namespace ws::sim
