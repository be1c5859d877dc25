// The NAT tests' simulated network: a PC behind a home router doing NAT, an ISP router, and a
// server beyond it.
//
//   pc ══ lan ══ home ══ wan ══ isp ══ net ══ server
//   192.168.0.10/24  .1 | 203.0.113.2/24  .1 | 198.51.100.1/24  198.51.100.53/24
#pragma once

#include <memory>

#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/nat.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/sim/simulation.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::test {

inline constexpr Ipv4Address kPc = Ipv4Address::of(192, 168, 0, 10);
inline constexpr Ipv4Address kPublic = Ipv4Address::of(203, 0, 113, 2);
inline constexpr Ipv4Address kIsp = Ipv4Address::of(203, 0, 113, 1);
inline constexpr Ipv4Address kServer = Ipv4Address::of(198, 51, 100, 53);

struct NatNetwork {
  explicit NatNetwork(NatConfig nat_config = {}) {
    sim::LinkConfig link;
    link.latency = Duration::millis(1);
    sim::Link& lan = sim.add_link("lan", link);
    sim::Link& wan = sim.add_link("wan", link);
    sim::Link& net = sim.add_link("net", link);
    const auto attach = [&](Host& host, sim::HostNode& node, const char* ifname,
                            const char* address, sim::LinkEnd& end) {
      const auto n = static_cast<std::uint8_t>(host.interfaces().size());
      const auto id = static_cast<std::uint8_t>(&node - &nodes[0] + 1);
      host.add_interface(
          {ifname, MacAddress({0x02, 0, 0, 0, id, n}), *Ipv4Cidr::parse(address), {}}, end);
      sim.attach(node, end);
    };
    for (auto& node : nodes) sim.add_node(node);
    attach(pc, nodes[0], "eth0", "192.168.0.10/24", lan.a());
    attach(home, nodes[1], "eth0", "192.168.0.1/24", lan.b());
    attach(home, nodes[1], "eth1", "203.0.113.2/24", wan.a());
    attach(isp, nodes[2], "eth0", "203.0.113.1/24", wan.b());
    attach(isp, nodes[2], "eth1", "198.51.100.1/24", net.a());
    attach(server, nodes[3], "eth0", "198.51.100.53/24", net.b());
    const Ipv4Cidr default_route(Ipv4Address::any(), 0);
    pc.add_route(default_route, Ipv4Address::of(192, 168, 0, 1));
    home.add_route(default_route, kIsp);
    server.add_route(default_route, Ipv4Address::of(198, 51, 100, 1));
    // The ISP knows nothing of 192.168.0.0/24: only the NAT's public address comes back.
    nat_config.outside_ifindex = 2;
    nat = std::make_unique<Nat>(home, rng, nat_config);
    nodes[1].add_app(*nat);
  }

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
  Host pc{"pc", rng};
  Host home{"home", rng, router()};
  Host isp{"isp", rng, router()};
  Host server{"server", rng};
  sim::HostNode nodes[4] = {sim::HostNode(pc), sim::HostNode(home), sim::HostNode(isp),
                            sim::HostNode(server)};
  std::unique_ptr<Nat> nat;
  UdpLayer pc_udp{pc, rng};
  UdpLayer server_udp{server, rng};
};

}  // namespace ws::test
