// The NAT tests' simulated network: a PC behind a home router doing NAT, an ISP router, and a
// server beyond it.
//
//   pc ══ lan ══ home ══ wan ══ isp ══ net ══ server
//   192.168.0.10/24  .1 | 203.0.113.2/24  .1 | 198.51.100.1/24  198.51.100.53/24
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/nat.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::test {

inline constexpr Ipv4Address kPc = Ipv4Address::of(192, 168, 0, 10);
inline constexpr Ipv4Address kPublic = Ipv4Address::of(203, 0, 113, 2);
inline constexpr Ipv4Address kIsp = Ipv4Address::of(203, 0, 113, 1);
inline constexpr Ipv4Address kServer = Ipv4Address::of(198, 51, 100, 53);

struct NatNetwork {
  // `edge_faults`: a fault injector on the pc's and the server's interface (what they send).
  explicit NatNetwork(NatConfig nat_config = {}, std::optional<FaultConfig> edge_faults = {}) {
    sim::LinkConfig link;
    link.latency = Duration::millis(1);
    sim::Link& lan = sim.add_link("lan", link);
    lan_ = &lan;
    sim::Link& wan = sim.add_link("wan", link);
    sim::Link& net = sim.add_link("net", link);
    const auto attach = [&](Host& host, sim::HostNode& node, const char* ifname,
                            const char* address, sim::LinkEnd& end, Device& device) {
      const auto n = static_cast<std::uint8_t>(host.interfaces().size());
      const auto id = static_cast<std::uint8_t>(&node - &nodes[0] + 1);
      host.add_interface(
          {ifname, MacAddress({0x02, 0, 0, 0, id, n}), *Ipv4Cidr::parse(address), {}}, device);
      sim.attach(node, end);
    };
    for (auto& node : nodes) sim.add_node(node);
    const auto edge = [&](sim::LinkEnd& end) -> Device& {
      if (!edge_faults) return end;
      return *faults.emplace_back(std::make_unique<FaultInjector>(end, *edge_faults, rng.fork()));
    };
    attach(pc, nodes[0], "eth0", "192.168.0.10/24", lan.a(), edge(lan.a()));
    attach(home, nodes[1], "eth0", "192.168.0.1/24", lan.b(), lan.b());
    attach(home, nodes[1], "eth1", "203.0.113.2/24", wan.a(), wan.a());
    attach(isp, nodes[2], "eth0", "203.0.113.1/24", wan.b(), wan.b());
    attach(isp, nodes[2], "eth1", "198.51.100.1/24", net.a(), net.a());
    attach(server, nodes[3], "eth0", "198.51.100.53/24", net.b(), edge(net.b()));
    const Ipv4Cidr default_route(Ipv4Address::any(), 0);
    pc.add_route(default_route, Ipv4Address::of(192, 168, 0, 1));
    home.add_route(default_route, kIsp);
    server.add_route(default_route, Ipv4Address::of(198, 51, 100, 1));
    // The ISP knows nothing of 192.168.0.0/24: only the NAT's public address comes back.
    nat_config.outside_ifindex = 2;
    nat = std::make_unique<Nat>(home, rng, nat_config);
    nodes[1].add_app(*nat);
  }

  // The pc's end of the LAN, to put hand-made frames on the wire.
  sim::LinkEnd& pc_wire() { return lan_->a(); }

  static HostConfig router() {
    HostConfig config;
    config.forwarding = true;
    return config;
  }

  void set_event_sink(EventSink* sink) {
    for (Host* h : {&pc, &home, &isp, &server}) h->set_event_sink(sink);
  }

  Rng rng{42};
  sim::Simulation sim;
  std::vector<std::unique_ptr<FaultInjector>> faults;  // before the hosts: they refer to them
  Host pc{"pc", rng};
  Host home{"home", rng, router()};
  Host isp{"isp", rng, router()};
  Host server{"server", rng};
  sim::HostNode nodes[4] = {sim::HostNode(pc), sim::HostNode(home), sim::HostNode(isp),
                            sim::HostNode(server)};
  std::unique_ptr<Nat> nat;
  UdpLayer pc_udp{pc, rng};
  UdpLayer server_udp{server, rng};

 private:
  sim::Link* lan_ = nullptr;
};

}  // namespace ws::test
