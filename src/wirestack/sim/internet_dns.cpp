#include "wirestack/sim/internet_dns.h"

#include <stdexcept>
#include <string>

#include "wirestack/sim/internet_topology.h"
#include "wirestack/sim/internet_zones.h"

namespace ws::sim {
namespace {

// The zone texts are ours: a parse error is a bug in internet_zones.h.
dns::AuthoritativeServer server_for(std::string_view zone_text) {
  auto zone = dns::Zone::parse(zone_text);
  if (!zone) throw std::logic_error("internet_zones.h: " + zone.error().to_string());
  dns::AuthoritativeServer server;
  server.add_zone(std::move(*zone));
  return server;
}

void start(dns::AuthoritativeUdpServer& server) {
  if (!server.start()) throw std::logic_error("internet DNS: port 53 taken");
}

}  // namespace

std::vector<dns::RecursiveResolver::RootHint> InternetDns::root_hints() {
  return {{*dns::DnsName::from_text(kRootServerName), InternetTopology::kRootDns}};
}

InternetDns::InternetDns(InternetTopology& net)
    : net_(net),
      root_(server_for(kRootZoneText)),
      com_(server_for(kComZoneText)),
      google_(server_for(kGoogleZoneText)),
      root_udp_(net.udp(net.root_dns()), root_),
      com_udp_(net.udp(net.com_dns()), com_),
      google_udp_(net.udp(net.google_dns()), google_),
      recursive_({.root_hints = root_hints()}, net.topology().rng().fork()),
      recursive_udp_(net.udp(net.resolver()), recursive_),
      client_stub_({.servers = {InternetTopology::kResolver}}, net.topology().rng().fork()),
      client_stub_udp_(net.udp(net.client()), client_stub_) {
  start(root_udp_);
  start(com_udp_);
  start(google_udp_);
  if (!recursive_udp_.start()) throw std::logic_error("internet DNS: port 53 taken");
  net.node(net.root_dns()).add_app(root_udp_);
  net.node(net.com_dns()).add_app(com_udp_);
  net.node(net.google_dns()).add_app(google_udp_);
  net.node(net.resolver()).add_app(recursive_udp_);
  net.node(net.client()).add_app(client_stub_udp_);
}

void InternetDns::set_event_sink(EventSink* sink) {
  recursive_.set_event_sink(sink, net_.resolver().name());
  client_stub_.set_event_sink(sink, net_.client().name());
}

}  // namespace ws::sim
