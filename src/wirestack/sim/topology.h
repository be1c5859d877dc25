// Builds simulated networks: hosts (each with its simulation node), point-to-point links and
// switches, interfaces named eth0, eth1, ... with readable locally administered MACs
// (02:00:00:00:<host>:<interface>), static routes. Scenario topologies (ping, the journey's
// internet) are written on top of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"

namespace ws::sim {

// A link of the given one-way latency and bandwidth (the other LinkConfig fields at defaults).
LinkConfig link_config(Duration latency, std::uint64_t bits_per_second);
// A gigabit Ethernet segment: 50 µs, 1 Gbit/s.
inline LinkConfig lan_link() { return link_config(Duration::micros(50), 1'000'000'000); }

class Topology {
 public:
  explicit Topology(std::uint64_t seed);
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  Simulation& sim() { return sim_; }
  Rng& rng() { return rng_; }

  // A host (a router when `router`: it forwards) and the node that drives it.
  Host& add_host(std::string name, bool router);
  HostNode& node(const Host& host);
  // Every host, in the order added.
  const std::vector<std::unique_ptr<Host>>& hosts() const { return hosts_; }

  // Cables `a` and `b` with a new point-to-point link named `name` and gives each a new
  // interface with the given address ("10.0.0.1/30"). With `faults`, frames sent by either end
  // go through a FaultInjector first.
  Link& connect(Host& a, const char* a_address, Host& b, const char* b_address, std::string name,
                const LinkConfig& config, const FaultConfig* faults = nullptr);
  // Plugs `host` into a new port of `sw` with a new interface.
  void plug(Host& host, Switch& sw, const char* address, const LinkConfig& config);
  // A static route on `host`: destination "0.0.0.0/0" (default) or a prefix, via `gateway`.
  void route(Host& host, const char* destination, const char* gateway);

  void set_event_sink(EventSink* sink);

 private:
  void add_interface(Host& host, const char* address, Device& device, LinkEnd& end);

  Rng rng_;
  Simulation sim_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<std::unique_ptr<HostNode>> nodes_;
  std::vector<std::unique_ptr<FaultInjector>> faults_;
};

}  // namespace ws::sim
