// The journey's simulated internet: every host reaches every other by routing, the home network
// only through its NAT, and traceroute-style probes meet each router in path order.
#include <gtest/gtest.h>

#include "wirestack/internet/ping_client.h"
#include "wirestack/sim/internet_topology.h"
#include "wirestack/wire/icmp.h"

namespace ws {
namespace {

using sim::InternetTopology;

std::vector<PingRecord> ping(InternetTopology& net, Host& from, Ipv4Address to,
                             std::uint8_t ttl = 64, std::uint16_t ident = 1) {
  PingConfig config;
  config.dst = to;
  config.count = 1;
  config.ttl = ttl;
  config.ident = ident;
  PingClient client(from, config);
  net.node(from).add_app(client);
  net.sim().run_while([&] { return !client.done(); }, net.sim().now() + Duration::seconds(30));
  return client.records();
}

TEST(InternetTopology, ClientReachesWebServerAndEveryDnsServerThroughTheNat) {
  InternetTopology net({});
  std::uint16_t ident = 1;
  for (Ipv4Address dst : {InternetTopology::kWebServer, InternetTopology::kResolver,
                          InternetTopology::kRootDns, InternetTopology::kComDns,
                          InternetTopology::kGoogleDns}) {
    const auto records = ping(net, net.client(), dst, 64, ident++);
    ASSERT_EQ(records.size(), 1u) << dst.to_string();
    EXPECT_EQ(records[0].kind, PingRecord::Kind::kReply) << dst.to_string();
  }
  // Each echo went out under the home router's public address.
  EXPECT_GE(net.nat().counters().translated_out, 5u);
  EXPECT_GE(net.nat().counters().translated_in, 5u);
}

TEST(InternetTopology, ResolverReachesRootComAndGoogleNameServers) {
  InternetTopology net({});
  std::uint16_t ident = 1;
  for (Ipv4Address dst : {InternetTopology::kRootDns, InternetTopology::kComDns,
                          InternetTopology::kGoogleDns}) {
    const auto records = ping(net, net.resolver(), dst, 64, ident++);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].kind, PingRecord::Kind::kReply) << dst.to_string();
  }
}

TEST(InternetTopology, TtlProbesMeetEveryRouterInPathOrder) {
  InternetTopology net({});
  const Ipv4Address expected[] = {
      Ipv4Address::of(192, 168, 0, 1),    // home-router
      Ipv4Address::of(203, 0, 113, 1),    // isp-router
      Ipv4Address::of(198, 51, 100, 2),   // backbone1
      Ipv4Address::of(198, 51, 100, 6),   // backbone2
      Ipv4Address::of(198, 51, 100, 10),  // google-edge
  };
  for (std::uint8_t ttl = 1; ttl <= 5; ++ttl) {
    const auto records = ping(net, net.client(), InternetTopology::kWebServer, ttl, ttl);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].kind, PingRecord::Kind::kError) << int(ttl);
    EXPECT_EQ(records[0].icmp_type, icmp_type::kTimeExceeded);
    EXPECT_EQ(records[0].from, expected[ttl - 1]) << "hop " << int(ttl);
  }
  const auto last = ping(net, net.client(), InternetTopology::kWebServer, 6, 6);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].kind, PingRecord::Kind::kReply);
}

TEST(InternetTopology, OutsideCannotReachThePrivateClient) {
  InternetTopology net({});
  const auto records = ping(net, net.web_server(), InternetTopology::kClient);
  // 192.168.0.0/16 is not routed on the internet: the backbone has no route for it.
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].kind, PingRecord::Kind::kReply);
}

}  // namespace
}  // namespace ws
