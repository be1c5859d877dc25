#include "wirestack/sim/ping_topology.h"

namespace ws::sim {
namespace {

constexpr Duration kLanLatency = Duration::micros(50);
constexpr Duration kWanLatency = Duration::millis(5);
constexpr std::uint64_t kGigabit = 1'000'000'000;
constexpr std::uint64_t kWanRate = 100'000'000;

// Locally administered, readable MACs: 02:00:00:00:<host>:<interface>.
MacAddress mac_for(std::size_t host, std::size_t iface) {
  return MacAddress({0x02, 0, 0, 0, static_cast<std::uint8_t>(host + 1),
                     static_cast<std::uint8_t>(iface)});
}

Ipv4Cidr cidr(const char* text) { return *Ipv4Cidr::parse(text); }

}  // namespace

PingTopology::PingTopology(const PingTopologyOptions& options) : rng_(options.seed) {
  add_host(0, "client", false);
  add_host(1, "r1", true);
  add_host(2, "r2", true);
  add_host(3, "server", false);

  LinkConfig lan;
  lan.latency = kLanLatency;
  lan.bits_per_second = kGigabit;
  LinkConfig wan;
  wan.latency = kWanLatency;
  wan.bits_per_second = kWanRate;

  Switch& lan_switch = sim_.add_switch("lan");
  LinkEnd& client_port = sim_.connect_port(lan_switch, lan);
  LinkEnd& r1_port = sim_.connect_port(lan_switch, lan);
  Link& wan_link = sim_.add_link("wan", wan);
  Link& dc_link = sim_.add_link("dc", lan);

  // The wan ends, wrapped in fault injectors (a no-op with the default config).
  Device* wan_a = &wan_link.a();
  Device* wan_b = &wan_link.b();
  for (Device** end : {&wan_a, &wan_b}) {
    faults_.push_back(std::make_unique<FaultInjector>(**end, options.wan_faults, rng_.fork()));
    *end = faults_.back().get();
  }

  const auto attach = [&](std::size_t host, const char* ifname, const char* address,
                          Device& device, LinkEnd& end) {
    hosts_[host]->add_interface({ifname, mac_for(host, hosts_[host]->interfaces().size()),
                                 cidr(address), {}},
                                device);
    sim_.attach(*nodes_[host], end);
  };
  attach(0, "eth0", "192.168.1.10/24", client_port, client_port);
  attach(1, "eth0", "192.168.1.1/24", r1_port, r1_port);
  attach(1, "eth1", "198.51.100.1/30", *wan_a, wan_link.a());
  attach(2, "eth0", "198.51.100.2/30", *wan_b, wan_link.b());
  attach(2, "eth1", "203.0.113.1/24", dc_link.a(), dc_link.a());
  attach(3, "eth0", "203.0.113.10/24", dc_link.b(), dc_link.b());

  const Ipv4Cidr default_route(Ipv4Address::any(), 0);
  client().add_route(default_route, Ipv4Address::of(192, 168, 1, 1));
  r1().add_route(default_route, Ipv4Address::of(198, 51, 100, 2));
  r2().add_route(cidr("192.168.1.0/24"), Ipv4Address::of(198, 51, 100, 1));
  server().add_route(default_route, Ipv4Address::of(203, 0, 113, 1));
}

void PingTopology::add_host(std::size_t index, const char* name, bool router) {
  HostConfig config;
  config.forwarding = router;
  hosts_[index] = std::make_unique<Host>(name, rng_, config);
  nodes_[index] = std::make_unique<HostNode>(*hosts_[index]);
  sim_.add_node(*nodes_[index]);
}

void PingTopology::set_event_sink(EventSink* sink) {
  for (auto& host : hosts_) host->set_event_sink(sink);
}

}  // namespace ws::sim
