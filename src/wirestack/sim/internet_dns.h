// The simulated internet's name service (steps S2-S4 of the journey): authoritative servers
// for the root, com. and google.com. on their hosts' port 53, the ISP's recursive resolver
// (root hints: a.root-servers.net, 198.51.100.130), and the client's stub resolver configured
// with that resolver, as /etc/resolv.conf would say "nameserver 203.0.113.66".
//
//   ws::sim::InternetTopology net({});
//   net.dns().client_stub().lookup(*ws::dns::DnsName::from_text("www.google.com"),
//                                  ws::dns::rr_type::kA, net.sim().now(), on_answer);
//   net.sim().run_for(ws::Duration::seconds(2));   // the bindings are polled by the nodes
//
// Each binding is an app of its host's node, so it runs right after its host has taken the
// frames in; a lookup started between runs is sent on the next run's first step.
#pragma once

#include <memory>
#include <string_view>

#include "wirestack/application/dns/udp_binding.h"

namespace ws::sim {

class InternetTopology;

class InternetDns {
 public:
  static constexpr std::string_view kRootServerName = "a.root-servers.net.";

  // Starts the servers and resolvers on `net`'s hosts, using their UDP layers.
  explicit InternetDns(InternetTopology& net);
  InternetDns(const InternetDns&) = delete;
  InternetDns& operator=(const InternetDns&) = delete;

  // The client's resolver (configured server: InternetTopology::kResolver).
  dns::StubResolver& client_stub() { return client_stub_; }
  // The ISP's recursive resolver on isp-resolver:53.
  dns::RecursiveResolver& recursive() { return recursive_; }
  // The authoritative servers on root-dns, com-dns and google-dns.
  dns::AuthoritativeServer& root_server() { return root_; }
  dns::AuthoritativeServer& com_server() { return com_; }
  dns::AuthoritativeServer& google_server() { return google_; }
  // The root hints every iterative resolver starts from (also `dig +trace`'s).
  static std::vector<dns::RecursiveResolver::RootHint> root_hints();

  // Sends the resolvers' DnsEvents to `sink` (null: none), under their hosts' names.
  void set_event_sink(EventSink* sink);

 private:
  InternetTopology& net_;
  dns::AuthoritativeServer root_;
  dns::AuthoritativeServer com_;
  dns::AuthoritativeServer google_;
  dns::AuthoritativeUdpServer root_udp_;
  dns::AuthoritativeUdpServer com_udp_;
  dns::AuthoritativeUdpServer google_udp_;
  dns::RecursiveResolver recursive_;
  dns::RecursiveUdpResolver recursive_udp_;
  dns::StubResolver client_stub_;
  dns::StubUdpBinding client_stub_udp_;
};

}  // namespace ws::sim
