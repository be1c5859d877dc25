#include "wirestack/sim/topology.h"

#include <cassert>

namespace ws::sim {
namespace {

Ipv4Cidr cidr(const char* text) {
  auto parsed = Ipv4Cidr::parse(text);
  assert(parsed && "topology addresses are written by us");
  return *parsed;
}

}  // namespace

LinkConfig link_config(Duration latency, std::uint64_t bits_per_second) {
  LinkConfig c;
  c.latency = latency;
  c.bits_per_second = bits_per_second;
  return c;
}

Topology::Topology(std::uint64_t seed) : rng_(seed) {}

Host& Topology::add_host(std::string name, bool router) {
  HostConfig config;
  config.forwarding = router;
  hosts_.push_back(std::make_unique<Host>(std::move(name), rng_, config));
  nodes_.push_back(std::make_unique<HostNode>(*hosts_.back()));
  sim_.add_node(*nodes_.back());
  return *hosts_.back();
}

HostNode& Topology::node(const Host& host) {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].get() == &host) return *nodes_[i];
  }
  assert(false && "host not from this topology");
  return *nodes_.front();
}

void Topology::add_interface(Host& host, const char* address, Device& device, LinkEnd& end) {
  std::size_t host_number = 0;
  while (hosts_[host_number].get() != &host) ++host_number;
  const std::size_t iface = host.interfaces().size();
  const MacAddress mac({0x02, 0, 0, 0, static_cast<std::uint8_t>(host_number + 1),
                        static_cast<std::uint8_t>(iface)});
  host.add_interface({"eth" + std::to_string(iface), mac, cidr(address), {}}, device);
  sim_.attach(node(host), end);
}

Link& Topology::connect(Host& a, const char* a_address, Host& b, const char* b_address,
                        std::string name, const LinkConfig& config, const FaultConfig* faults) {
  Link& link = sim_.add_link(std::move(name), config);
  Device* a_device = &link.a();
  Device* b_device = &link.b();
  if (faults) {
    faults_.push_back(std::make_unique<FaultInjector>(link.a(), *faults, rng_.fork()));
    a_device = faults_.back().get();
    faults_.push_back(std::make_unique<FaultInjector>(link.b(), *faults, rng_.fork()));
    b_device = faults_.back().get();
  }
  add_interface(a, a_address, *a_device, link.a());
  add_interface(b, b_address, *b_device, link.b());
  return link;
}

void Topology::plug(Host& host, Switch& sw, const char* address, const LinkConfig& config) {
  LinkEnd& end = sim_.connect_port(sw, config);
  add_interface(host, address, end, end);
}

void Topology::route(Host& host, const char* destination, const char* gateway) {
  const bool added = host.add_route(cidr(destination), *Ipv4Address::parse(gateway));
  assert(added && "gateway on a connected subnet");
  (void)added;
}

void Topology::set_event_sink(EventSink* sink) {
  for (auto& host : hosts_) host->set_event_sink(sink);
}

}  // namespace ws::sim
