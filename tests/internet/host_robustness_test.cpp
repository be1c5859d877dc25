// Bad input is normal input: seeded random and mutated frames into a host and a router. Nothing
// crashes (run under ASan/UBSan too), every drop is counted, and the tables stay bounded.
#include <gtest/gtest.h>

#include "fake_device.h"
#include "frames.h"
#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"

namespace ws {
namespace {

using namespace test;

// Valid frames of every kind we speak, to mutate.
std::vector<Frame> seeds() {
  const MacAddress us = mac(1), peer = mac(2);
  std::vector<Frame> s;
  s.push_back(arp_frame(ArpOperation::kRequest, peer, ip("192.168.0.2"), MacAddress::zero(),
                        ip("192.168.0.1"), MacAddress::broadcast()));
  s.push_back(arp_frame(ArpOperation::kReply, peer, ip("192.168.0.2"), us, ip("192.168.0.1"), us));
  s.push_back(echo_request_frame(peer, us, ip("192.168.0.2"), ip("192.168.0.1"), 1, 1, 64, 56));
  s.push_back(echo_request_frame(peer, us, ip("192.168.0.2"), ip("198.51.100.7"), 1, 1, 2, 56));
  Ipv4Repr frag = ip_header(ip("192.168.0.2"), ip("192.168.0.1"), ip_proto::kUdp, 64, 9);
  frag.more_fragments = true;
  s.push_back(
      ethernet(peer, us, ethertype::kIpv4, ipv4_datagram(frag, std::vector<std::uint8_t>(64))));
  frag.more_fragments = false;
  frag.frag_offset = 64;
  s.push_back(
      ethernet(peer, us, ethertype::kIpv4, ipv4_datagram(frag, std::vector<std::uint8_t>(40))));
  const auto quoted =
      ipv4_datagram(ip_header(ip("192.168.0.1"), ip("192.168.0.2"), ip_proto::kIcmp),
                    icmp_bytes(IcmpRepr::echo_request(1, 1, {})));
  s.push_back(ethernet(peer, us, ethertype::kIpv4,
                       ipv4_datagram(ip_header(ip("10.9.9.9"), ip("192.168.0.1"), ip_proto::kIcmp),
                                     icmp_bytes(IcmpRepr::time_exceeded(0, quoted)))));
  return s;
}

Frame mutate(Rng& rng, const std::vector<Frame>& seeds) {
  Frame f = seeds[rng.below(seeds.size())];
  switch (rng.below(5)) {
    case 0:  // random bytes
      f.resize(rng.below(200));
      for (auto& b : f) b = static_cast<std::uint8_t>(rng.next_u32());
      break;
    case 1:  // truncate
      f.resize(rng.below(f.size() + 1));
      break;
    default: {  // flip a few bytes, favouring the headers
      const std::uint64_t flips = 1 + rng.below(4);
      for (std::uint64_t i = 0; i < flips && !f.empty(); ++i) {
        const std::size_t at = rng.below(std::min<std::size_t>(f.size(), 60));
        f[at] = static_cast<std::uint8_t>(rng.next_u32());
      }
    }
  }
  return f;
}

TEST(HostRobustness, RandomAndMutatedFramesNeverCrashAndTablesStayBounded) {
  for (bool forwarding : {false, true}) {
    Rng rng(forwarding ? 11 : 12);
    HostConfig config;
    config.forwarding = forwarding;
    Host host("fuzzed", rng, config);
    FakeDevice lan, wan;
    host.add_interface({"eth0", mac(1), cidr("192.168.0.1/24"), {}}, lan);
    host.add_interface({"eth1", mac(3), cidr("10.0.0.1/30"), {}}, wan);
    (void)host.add_route(cidr("0.0.0.0/0"), ip("10.0.0.2"));
    RecordingSink sink;
    const std::vector<Frame> base = seeds();
    Instant now = Instant::epoch();
    for (int i = 0; i < 20000; ++i) {
      lan.inject(mutate(rng, base));
      now += Duration::millis(5);
      host.poll(now);
      (void)lan.take_sent();
      (void)wan.take_sent();
      if (i % 1000 == 0) sink.events.clear();
    }
    // Run every timer out (a failed resolution may start another, for its ICMP error).
    for (int guard = 0; guard < 1000 && host.poll_at(); ++guard) {
      now = std::max(now, *host.poll_at());
      host.poll(now);
    }
    for (const auto& iface : host.interfaces()) {
      EXPECT_LE(iface->arp().size(), iface->arp().config().max_entries);
      EXPECT_EQ(iface->arp().queued_total(), 0u);
    }
    EXPECT_GT(host.counters().drops.total(), 0u);
    EXPECT_FALSE(host.poll_at()) << "timers run out";
  }
}

}  // namespace
}  // namespace ws
