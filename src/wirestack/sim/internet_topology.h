// The simulated internet of the journey (../shared/seed/JOURNEY.md): a home network behind a
// NAT router, an ISP with its recursive resolver, two backbone routers, the DNS servers of the
// root and of com., and Google's network with its edge router, web server and name server.
//
//   client ── home lan ── home-router ══ isp-router ══ backbone1 ══ backbone2 ══ google-edge
//   192.168.0.10    192.168.0.1 │ 203.0.113.2  .1 │                   │                 │
//                        (NAT)               isp lan            dns lan           google lan
//                                        isp-resolver      root-dns, com-dns   www, google-dns
//
//   home lan     192.168.0.0/24      (RFC 1918)
//   access       203.0.113.0/30      home-router .2 (its public address) — isp-router .1
//   isp lan      203.0.113.64/26     isp-router .65, isp-resolver .66
//   core links   198.51.100.0/30, .4/30, .8/30
//   dns lan      198.51.100.128/25   backbone1 .129, root-dns .130, com-dns .131
//   google lan   192.0.2.0/24        google-edge .1, google-dns .53, www .100
//
// Every public address is from the documentation ranges (RFC 5737).
//
// Every end host (client, isp-resolver, the three name servers, www) runs UDP (udp(host));
// the name service on top of it is dns() (see internet_dns.h). A TCP layer or an HTTP server
// is added by the caller: `net.node(net.web_server()).add_app(server)`.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "wirestack/internet/nat.h"
#include "wirestack/sim/topology.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::sim {

class InternetDns;

struct InternetOptions {
  std::uint64_t seed = 1;
  FaultConfig access_faults;  // on the home-router — isp-router link, both directions
};

class InternetTopology {
 public:
  static constexpr Ipv4Address kClient = Ipv4Address::of(192, 168, 0, 10);
  static constexpr Ipv4Address kGateway = Ipv4Address::of(192, 168, 0, 1);
  static constexpr Ipv4Address kPublic = Ipv4Address::of(203, 0, 113, 2);
  static constexpr Ipv4Address kResolver = Ipv4Address::of(203, 0, 113, 66);
  static constexpr Ipv4Address kRootDns = Ipv4Address::of(198, 51, 100, 130);
  static constexpr Ipv4Address kComDns = Ipv4Address::of(198, 51, 100, 131);
  static constexpr Ipv4Address kGoogleDns = Ipv4Address::of(192, 0, 2, 53);
  static constexpr Ipv4Address kWebServer = Ipv4Address::of(192, 0, 2, 100);

  explicit InternetTopology(const InternetOptions& options);
  ~InternetTopology();
  InternetTopology(const InternetTopology&) = delete;
  InternetTopology& operator=(const InternetTopology&) = delete;

  Topology& topology() { return topo_; }
  const Topology& topology() const { return topo_; }
  Simulation& sim() { return topo_.sim(); }
  Host& client() { return client_; }
  const Host& client() const { return client_; }
  Host& home_router() { return home_; }
  Nat& nat() { return *nat_; }
  Host& isp_router() { return isp_; }
  Host& resolver() { return resolver_; }
  Host& backbone1() { return backbone1_; }
  Host& backbone2() { return backbone2_; }
  Host& google_edge() { return edge_; }
  Host& root_dns() { return root_; }
  Host& com_dns() { return com_; }
  Host& google_dns() { return google_dns_; }
  Host& web_server() { return web_; }
  HostNode& node(const Host& host) { return topo_.node(host); }
  // The UDP layer of an end host (not of a router: std::out_of_range).
  UdpLayer& udp(const Host& host);
  UdpLayer& client_udp() { return udp(client_); }
  // Name service: root, com. and google.com. servers, the ISP's resolver, the client's stub.
  InternetDns& dns() { return *dns_; }
  // Every host's events, and the resolvers' DnsEvents, go to `sink` (null: nowhere).
  void set_event_sink(EventSink* sink);

 private:
  Topology topo_;
  Host& client_;
  Host& home_;
  Host& isp_;
  Host& resolver_;
  Host& backbone1_;
  Host& backbone2_;
  Host& edge_;
  Host& root_;
  Host& com_;
  Host& google_dns_;
  Host& web_;
  std::unique_ptr<Nat> nat_;
  std::vector<std::pair<const Host*, std::unique_ptr<UdpLayer>>> udp_;
  std::unique_ptr<InternetDns> dns_;
};

}  // namespace ws::sim
