// Hostile input on both sides of a NAT router: random transport bytes, truncated headers,
// ICMP errors with random quotes (some quoting live mappings). Nothing crashes, the table stays
// bounded, every refusal is counted by reason.
#pragma GCC diagnostic ignored "-Warray-bounds"  // GCC 12 false positives in frames.h's
#pragma GCC diagnostic ignored "-Wstringop-overflow"  // ethernet() when inlined at -O2

#include <gtest/gtest.h>

#include "internet/frames.h"
#include "wirestack/internet/nat.h"

namespace ws::test {
namespace {

TEST(NatRobustness, RandomDatagramsFromBothSides) {
  Rng rng(99);
  HostConfig router;
  router.forwarding = true;
  Host home("home", rng, router);
  FakeDevice inside_dev, outside_dev;
  home.add_interface({"eth0", mac(1), cidr("192.168.0.1/24"), {}}, inside_dev);
  home.add_interface({"eth1", mac(2), cidr("203.0.113.2/24"), {}}, outside_dev);
  ASSERT_TRUE(home.add_route(Ipv4Cidr(Ipv4Address::any(), 0), ip("203.0.113.1")));
  NatConfig config;
  config.outside_ifindex = 2;
  config.port_first = 60000;
  config.port_last = 60099;  // small, so exhaustion happens too
  config.max_mappings = 150;
  Nat nat(home, rng, config);

  const Ipv4Address pub = ip("203.0.113.2");
  Rng noise(5);
  Instant now = Instant::epoch();
  const std::uint8_t protocols[] = {ip_proto::kIcmp, ip_proto::kTcp, ip_proto::kUdp, 47};
  for (int i = 0; i < 30000; ++i) {
    const bool from_inside = noise.chance(0.5);
    const std::uint8_t protocol = protocols[noise.below(4)];
    std::vector<std::uint8_t> l4(noise.below(72));
    for (auto& b : l4) b = static_cast<std::uint8_t>(noise.next_u32());
    if (protocol == ip_proto::kIcmp && l4.size() >= 36 && noise.chance(0.5)) {
      // An error quoting something like what the NAT sent: version/IHL right, source public.
      l4[0] = noise.chance(0.5) ? icmp_type::kDestUnreachable : icmp_type::kTimeExceeded;
      l4[8] = 0x45;
      l4[17] = protocols[noise.below(3)];
      pub.write(&l4[20]);
      store_be16(&l4[28], static_cast<std::uint16_t>(60000 + noise.below(100)));
    }
    if (!from_inside && l4.size() >= 4 && noise.chance(0.5)) {
      store_be16(&l4[2], static_cast<std::uint16_t>(60000 + noise.below(100)));
    }
    Ipv4Repr header = from_inside
        ? ip_header(Ipv4Address::of(192, 168, 0, static_cast<std::uint8_t>(2 + noise.below(50))),
                    ip("198.51.100.7"), protocol)
        : ip_header(ip("198.51.100.7"), pub, protocol);
    header.more_fragments = noise.chance(0.02);
    const Frame frame = ethernet(from_inside ? mac(10) : mac(20), from_inside ? mac(1) : mac(2),
                                 ethertype::kIpv4, ipv4_datagram(header, l4));
    (from_inside ? inside_dev : outside_dev).inject(frame, now);
    home.poll(now);
    nat.poll(now);
    now += Duration::millis(50);
  }
  EXPECT_LE(nat.size(), 150u);
  const NatCounters& c = nat.counters();
  EXPECT_GT(c.created, 100u);
  EXPECT_GT(c.expired, 0u);
  EXPECT_GT(c.unsolicited, 0u);
  EXPECT_GT(c.exhausted, 0u);
  EXPECT_GT(c.untranslatable, 0u);
  EXPECT_EQ(home.counters().drops.get(DropReason::kNatUnsolicited), c.unsolicited);
  EXPECT_EQ(home.counters().drops.get(DropReason::kNatPortsExhausted), c.exhausted);
  EXPECT_EQ(home.counters().drops.get(DropReason::kNatUntranslatable), c.untranslatable);
  EXPECT_FALSE(nat.format_conntrack(now).empty());
}

}  // namespace
}  // namespace ws::test
