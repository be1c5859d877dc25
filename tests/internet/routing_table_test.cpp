#include "wirestack/internet/routing_table.h"

#include <gtest/gtest.h>

#include "frames.h"

namespace ws {
namespace {

using test::cidr;
using test::ip;

std::string_view ifname(std::uint32_t i) {
  return i == 1 ? "eth0" : "eth1";
}

RoutingTable router_table() {
  RoutingTable t;
  t.add({cidr("192.168.0.1/24"), std::nullopt, 1, Route::Kind::kConnected, ip("192.168.0.1")});
  t.add({cidr("10.0.0.1/30"), std::nullopt, 2, Route::Kind::kConnected, ip("10.0.0.1")});
  t.add({cidr("198.51.100.0/24"), ip("10.0.0.2"), 2, Route::Kind::kStatic, ip("10.0.0.1")});
  t.add(
      {cidr("198.51.100.128/25"), ip("192.168.0.254"), 1, Route::Kind::kStatic, ip("192.168.0.1")});
  return t;
}

TEST(RoutingTable, LongestPrefixWins) {
  const RoutingTable t = router_table();
  const Route* r = t.lookup(ip("198.51.100.200"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->destination, cidr("198.51.100.128/25"));
  EXPECT_EQ(r->next_hop(ip("198.51.100.200")), ip("192.168.0.254"));
  r = t.lookup(ip("198.51.100.7"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->destination, cidr("198.51.100.0/24"));
  EXPECT_EQ(r->ifindex, 2u);
}

TEST(RoutingTable, ConnectedRouteNextHopIsTheDestinationItself) {
  const RoutingTable t = router_table();
  const Route* r = t.lookup(ip("192.168.0.77"));
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->gateway);
  EXPECT_EQ(r->next_hop(ip("192.168.0.77")), ip("192.168.0.77"));
}

TEST(RoutingTable, NoDefaultRouteMeansNoRoute) {
  EXPECT_EQ(router_table().lookup(ip("203.0.113.9")), nullptr);
}

TEST(RoutingTable, DefaultRouteCatchesEverythingElse) {
  RoutingTable t = router_table();
  t.add({cidr("0.0.0.0/0"), ip("10.0.0.2"), 2, Route::Kind::kStatic, ip("10.0.0.1")});
  const Route* r = t.lookup(ip("203.0.113.9"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->destination.prefix_len(), 0);
  EXPECT_EQ(t.lookup(ip("192.168.0.5"))->destination, cidr("192.168.0.0/24"));
}

TEST(RoutingTable, HostRouteAndReplaceAndRemove) {
  RoutingTable t = router_table();
  t.add({cidr("198.51.100.7/32"), ip("10.0.0.2"), 2, Route::Kind::kStatic, ip("10.0.0.1")});
  EXPECT_EQ(t.lookup(ip("198.51.100.7"))->destination.prefix_len(), 32);
  const std::size_t before = t.size();
  t.add({cidr("198.51.100.7/32"), ip("192.168.0.254"), 1, Route::Kind::kStatic, ip("192.168.0.1")});
  EXPECT_EQ(t.size(), before);
  EXPECT_EQ(*t.lookup(ip("198.51.100.7"))->gateway, ip("192.168.0.254"));
  EXPECT_TRUE(t.remove(cidr("198.51.100.7/32")));
  EXPECT_FALSE(t.remove(cidr("198.51.100.7/32")));
  EXPECT_EQ(t.lookup(ip("198.51.100.7"))->destination.prefix_len(), 24);
  t.remove_interface(2);
  EXPECT_EQ(t.lookup(ip("198.51.100.7")), nullptr);
  EXPECT_NE(t.lookup(ip("198.51.100.200")), nullptr);
}

TEST(RoutingTable, PrintsLikeIpRoute) {
  RoutingTable t = router_table();
  t.add({cidr("0.0.0.0/0"), ip("10.0.0.2"), 2, Route::Kind::kStatic, ip("10.0.0.1")});
  EXPECT_EQ(t.format_ip_route(ifname),
            "default via 10.0.0.2 dev eth1\n"
            "10.0.0.0/30 dev eth1 proto kernel scope link src 10.0.0.1\n"
            "192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.1\n"
            "198.51.100.0/24 via 10.0.0.2 dev eth1\n"
            "198.51.100.128/25 via 192.168.0.254 dev eth0\n");
}

TEST(RoutingTable, PrintsLikeNetstatRn) {
  RoutingTable t;
  t.add({cidr("192.168.0.10/24"), std::nullopt, 1, Route::Kind::kConnected, ip("192.168.0.10")});
  t.add({cidr("0.0.0.0/0"), ip("192.168.0.1"), 1, Route::Kind::kStatic, ip("192.168.0.10")});
  EXPECT_EQ(t.format_netstat(ifname),
            "Kernel IP routing table\n"
            "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
            "0.0.0.0         192.168.0.1     0.0.0.0         UG        0 0          0 eth0\n"
            "192.168.0.0     0.0.0.0         255.255.255.0   U         0 0          0 eth0\n");
}

}  // namespace
}  // namespace ws
