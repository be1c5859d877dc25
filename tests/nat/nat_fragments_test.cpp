// Fragments through the NAT (RFC 4787 REQ-14): the router reassembles them before translating
// (only the first fragment carries the ports), in whatever order they come, and fragments the
// translated datagram again for the way out, as Linux's conntrack defragmentation does.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nat_network.h"
#include "support/test_env.h"
#include "wirestack/base/checksum.h"

namespace ws::test {
namespace {

// Every frame the pc and the server send is held back behind the next one at random: the
// fragments of one datagram arrive out of order.
FaultConfig shuffled() {
  FaultConfig f;
  f.reorder = 0.5;
  f.reorder_timeout = Duration::millis(5);
  return f;
}

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 13);
  return v;
}

TEST(NatFragments, FragmentedUdpCrossesTheNatBothWaysInAnyOrder) {
  NatNetwork net({}, shuffled());
  const auto dir = scratch_dir("nat_fragments");
  ASSERT_TRUE(net.sim.capture_links(dir).ok());
  auto server = net.server_udp.bind(Ipv4Address::any(), 33333);
  auto client = net.pc_udp.bind(Ipv4Address::any(), 40000);
  std::vector<std::uint8_t> buf(8000);
  for (int round = 0; round < 8; ++round) {
    const auto request = pattern(4000, static_cast<std::uint8_t>(round));
    ASSERT_TRUE(net.pc_udp.send_to(net.sim.now(), *client, kServer, 33333, request).ok());
    net.sim.run_for(Duration::millis(50));
    auto got = net.server_udp.recv_from(*server, buf);
    ASSERT_TRUE(got.ok()) << "round " << round;
    EXPECT_EQ(got->from, (UdpEndpoint{kPublic, 40000}));
    EXPECT_EQ(std::vector<std::uint8_t>(buf.begin(), buf.begin() + got->len), request);
    const auto reply = pattern(5000, static_cast<std::uint8_t>(100 + round));
    ASSERT_TRUE(net.server_udp.send_to(net.sim.now(), *server, kPublic, 40000, reply).ok());
    net.sim.run_for(Duration::millis(50));
    auto back = net.pc_udp.recv_from(*client, buf);
    ASSERT_TRUE(back.ok()) << "round " << round;
    EXPECT_EQ(back->from, (UdpEndpoint{kServer, 33333}));
    EXPECT_EQ(std::vector<std::uint8_t>(buf.begin(), buf.begin() + back->len), reply);
  }
  // The fragments really came out of order, and the router put them together (16 datagrams).
  std::uint64_t reordered = 0;
  for (const auto& f : net.faults) reordered += f->transmit_stats().reordered;
  EXPECT_GT(reordered, 0u);
  EXPECT_EQ(net.home.counters().ip.reasm_oks, 16u);
  EXPECT_EQ(net.nat->counters().untranslatable, 0u);

  ASSERT_TRUE(net.sim.flush_captures().ok());
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  // Fragments on both sides of the NAT, each side with only its own address.
  const auto lan = tshark_fields(dir / "lan.pcap", {"ip.src", "ip.dst"}, "ip.flags.mf == 1",
                                 {"ip.defragment:FALSE"});
  const auto wan = tshark_fields(dir / "wan.pcap", {"ip.src", "ip.dst"}, "ip.flags.mf == 1",
                                 {"ip.defragment:FALSE"});
  ASSERT_FALSE(lan.empty());
  ASSERT_FALSE(wan.empty());
  for (const auto& line : lan) EXPECT_EQ(line.find("203.0.113.2"), std::string::npos) << line;
  for (const auto& line : wan) EXPECT_EQ(line.find("192.168."), std::string::npos) << line;
  EXPECT_EQ(tshark_validate(dir / "lan.pcap"), "");
  EXPECT_EQ(tshark_validate(dir / "wan.pcap"), "");
}

// The first fragment of a UDP datagram from the pc to the server, by hand (1480 of 3008 bytes).
std::vector<std::uint8_t> first_fragment_alone() {
  std::vector<std::uint8_t> f(14 + 20 + 1480);
  MacAddress({0x02, 0, 0, 0, 2, 0}).write(f.data());  // the home router's LAN side
  MacAddress({0x02, 0, 0, 0, 1, 0}).write(f.data() + 6);
  store_be16(f.data() + 12, 0x0800);
  std::uint8_t* ip = f.data() + 14;
  ip[0] = 0x45;
  store_be16(ip + 2, 20 + 1480);
  store_be16(ip + 4, 0x4242);  // identification
  store_be16(ip + 6, 0x2000);  // MF, offset 0
  ip[8] = 64;
  ip[9] = 17;
  kPc.write(ip + 12);
  kServer.write(ip + 16);
  store_be16(ip + 10, internet_checksum(Bytes(ip, 20)));
  store_be16(ip + 20, 40000);
  store_be16(ip + 22, 33333);
  store_be16(ip + 24, 3008);
  return f;
}

TEST(NatFragments, AFragmentWhoseRestNeverComesExpiresAtTheRouterWithoutAnIcmpError) {
  NatNetwork net;
  // Let the pc and the router learn each other's MAC first (a datagram that needs no NAT).
  auto client = net.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net.pc_udp.send_to(net.sim.now(), *client, kServer, 9, pattern(10, 0)).ok());
  net.sim.run_for(Duration::millis(50));
  const std::uint64_t time_exceeded_before = net.pc.counters().icmp.in_time_excds;
  const std::uint64_t isp_received_before = net.isp.counters().ip.in_receives;

  net.pc_wire().transmit(net.sim.now(), first_fragment_alone());
  net.sim.run_for(Duration::seconds(1));
  EXPECT_EQ(net.home.counters().ip.reasm_reqds, 1u);
  EXPECT_EQ(net.isp.counters().ip.in_receives, isp_received_before) << "nothing went on";
  net.sim.run_for(Duration::seconds(31));  // the reassembly timeout is 30 s
  EXPECT_EQ(net.home.counters().ip.reasm_timeout, 1u);
  EXPECT_EQ(net.home.counters().drops.get(DropReason::kIpReassemblyTimeout), 1u);
  EXPECT_EQ(net.pc.counters().icmp.in_time_excds, time_exceeded_before)
      << "a router is not the destination: no time exceeded (reassembly)";
}

}  // namespace
}  // namespace ws::test
