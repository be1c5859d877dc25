// NAPT on the home router of a simulated network (pc — home (NAT) — isp — server): each side's
// capture shows only its own address, mappings are endpoint-independent and expire on the
// virtual clock, unsolicited inbound is dropped and counted, ICMP errors from beyond the NAT
// reach the inside host translated, ICMP echo and TCP pass, ports run out without a crash.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "internet/fake_device.h"
#include "nat_network.h"
#include "support/test_env.h"
#include "wirestack/base/checksum.h"
#include "wirestack/internet/ping_client.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {
namespace {

Bytes text(const char* s) {
  return {reinterpret_cast<const std::uint8_t*>(s), std::char_traits<char>::length(s)};
}

// Bare TCP segments, sent and recorded by hand (no TCP state machine on either end).
class RawTcp final : public IpProtocolHandler {
 public:
  struct Segment {
    Ipv4Address src, dst;
    std::uint16_t sport, dport;
    std::uint8_t flags;
    bool checksum_ok;
  };

  explicit RawTcp(Host& host) : host_(host) { host_.register_protocol(ip_proto::kTcp, this); }
  ~RawTcp() override { host_.register_protocol(ip_proto::kTcp, nullptr); }

  void send(Instant now, Ipv4Address dst, std::uint16_t sport, std::uint16_t dport,
            std::uint8_t flags) {
    const Ipv4Address src = *host_.source_address_for(dst);
    PacketBuffer buffer = host_.take_buffer(20);
    MutableBytes h = buffer.append(20);
    std::fill(h.begin(), h.end(), std::uint8_t{0});
    store_be16(&h[0], sport);
    store_be16(&h[2], dport);
    store_be32(&h[4], 1000);
    h[12] = 0x50;  // data offset 5
    h[13] = flags;
    store_be16(&h[14], 65535);
    store_be16(&h[16], checksum_finish(
                           checksum_add(h, ipv4_pseudo_header_sum(src, dst, ip_proto::kTcp, 20))));
    Ipv4Send send;
    send.dst = dst;
    send.src = src;
    send.protocol = ip_proto::kTcp;
    (void)host_.send_ipv4(now, send, std::move(buffer));
  }

  void on_datagram(Instant, const Ipv4Repr& ip, Bytes p, std::uint32_t) override {
    const auto size = static_cast<std::uint16_t>(p.size());
    const bool ok = checksum_finish(checksum_add(
                        p, ipv4_pseudo_header_sum(ip.src, ip.dst, ip_proto::kTcp, size))) == 0;
    segments.push_back({ip.src, ip.dst, load_be16(&p[0]), load_be16(&p[2]), p[13], ok});
  }
  void on_icmp_error(Instant, const IcmpError&) override {}

  std::vector<Segment> segments;

 private:
  Host& host_;
};

constexpr std::uint8_t kSyn = 0x02, kAck = 0x10, kFin = 0x01;

class NatTest : public ::testing::Test {
 protected:
  explicit NatTest(NatConfig config = {}) : net_(config) { net_.set_event_sink(&sink_); }

  Instant now() const { return net_.sim.now(); }
  void run(Duration d = Duration::millis(50)) { net_.sim.run_for(d); }
  std::uint64_t home_drops(DropReason r) const { return net_.home.counters().drops.get(r); }

  std::vector<NatEvent> nat_events() const { return sink_.all<NatEvent>(); }

  NatNetwork net_;
  RecordingSink sink_;
  std::array<std::uint8_t, 1500> buf_{};
};

// Every value of every listed field in every frame of `pcap` (tshark joins repeats by ',').
std::string all_fields(const std::filesystem::path& pcap, const std::vector<std::string>& fields,
                       const std::string& filter = "") {
  std::string out;
  for (const std::string& line : tshark_fields(pcap, fields, filter)) out += line + "\n";
  return out;
}

TEST_F(NatTest, UdpRoundTripEachSideSeesOnlyItsOwnAddress) {
  const auto dir = scratch_dir("nat_udp_round_trip");
  ASSERT_TRUE(net_.sim.capture_links(dir).ok());
  auto server = net_.server_udp.bind(Ipv4Address::any(), 33333);
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33333, text("ping")).ok());
  run();
  auto got = net_.server_udp.recv_from(*server, buf_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->from, (UdpEndpoint{kPublic, 40000})) << "public address, port preserved";
  ASSERT_TRUE(
      net_.server_udp.send_to(now(), *server, got->from.address, got->from.port, text("pong"))
          .ok());
  run();
  auto back = net_.pc_udp.recv_from(*client, buf_);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->from, (UdpEndpoint{kServer, 33333}));
  EXPECT_EQ(back->to, kPc);
  EXPECT_EQ(std::string(buf_.begin(), buf_.begin() + 4), "pong");

  const auto events = nat_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].what, NatEvent::What::kCreated);
  EXPECT_EQ(events[1].what, NatEvent::What::kUsed);
  EXPECT_EQ(events[0].inside, kPc);
  EXPECT_EQ(events[0].outside, kPublic);
  EXPECT_EQ(events[0].remote, kServer);
  EXPECT_EQ(net_.nat->format_conntrack(now()),
            "udp      17 299 src=192.168.0.10 dst=198.51.100.53 sport=40000 dport=33333 "
            "src=198.51.100.53 dst=203.0.113.2 sport=33333 dport=40000 [ASSURED] mark=0 use=1\n");

  ASSERT_TRUE(net_.sim.flush_captures().ok());
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  const std::string lan = all_fields(dir / "lan.pcap", {"ip.src", "ip.dst"}, "udp");
  const std::string wan = all_fields(dir / "wan.pcap", {"ip.src", "ip.dst"}, "udp");
  EXPECT_NE(lan.find("192.168.0.10"), std::string::npos) << lan;
  EXPECT_EQ(lan.find("203.0.113.2"), std::string::npos) << lan;
  EXPECT_NE(wan.find("203.0.113.2"), std::string::npos) << wan;
  EXPECT_EQ(wan.find("192.168."), std::string::npos) << wan;
  EXPECT_EQ(tshark_validate(dir / "lan.pcap"), "");
  EXPECT_EQ(tshark_validate(dir / "wan.pcap"), "");
}

TEST_F(NatTest, MappingIsEndpointIndependent) {
  auto a = net_.server_udp.bind(Ipv4Address::any(), 33333);
  auto b = net_.server_udp.bind(Ipv4Address::any(), 33334);
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 0);
  const std::uint16_t port = net_.pc_udp.local_endpoint(*client)->port;
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33333, text("one")).ok());
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33334, text("two")).ok());
  run();
  auto from_a = net_.server_udp.recv_from(*a, buf_);
  auto from_b = net_.server_udp.recv_from(*b, buf_);
  ASSERT_TRUE(from_a.ok() && from_b.ok());
  EXPECT_EQ(from_a->from, from_b->from);
  EXPECT_EQ(from_a->from, (UdpEndpoint{kPublic, port}));
  EXPECT_EQ(net_.nat->size(), 1u);
  EXPECT_EQ(net_.nat->counters().created, 1u);
}

TEST_F(NatTest, UnsolicitedInboundIsDroppedAndCounted) {
  auto server = net_.server_udp.bind(Ipv4Address::any(), 33333);
  auto pc_socket = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.server_udp.send_to(now(), *server, kPublic, 40000, text("hello?")).ok());
  run();
  EXPECT_FALSE(net_.pc_udp.readable(*pc_socket));
  EXPECT_EQ(net_.nat->counters().unsolicited, 1u);
  EXPECT_EQ(home_drops(DropReason::kNatUnsolicited), 1u);
  EXPECT_EQ(net_.pc_udp.counters().in_datagrams + net_.pc_udp.counters().no_ports, 0u);
}

TEST_F(NatTest, MappingExpiresOnTheVirtualClock) {
  auto server = net_.server_udp.bind(Ipv4Address::any(), 33333);
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33333, text("x")).ok());
  run();
  ASSERT_TRUE(net_.server_udp.recv_from(*server, buf_).ok());
  run(Duration::seconds(298));
  EXPECT_EQ(net_.nat->size(), 1u) << "UDP mappings live 5 minutes (RFC 4787 REQ-5: >= 2)";
  run(Duration::seconds(3));
  EXPECT_EQ(net_.nat->size(), 0u);
  EXPECT_EQ(net_.nat->format_conntrack(now()), "");
  ASSERT_FALSE(nat_events().empty());
  EXPECT_EQ(nat_events().back().what, NatEvent::What::kExpired);
  // The old mapping no longer lets the server in.
  ASSERT_TRUE(net_.server_udp.send_to(now(), *server, kPublic, 40000, text("late")).ok());
  run();
  EXPECT_FALSE(net_.pc_udp.readable(*client));
  EXPECT_EQ(home_drops(DropReason::kNatUnsolicited), 1u);
}

TEST_F(NatTest, TrafficKeepsAMappingAlive) {
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33333, text("keepalive")).ok());
    run(Duration::seconds(200));
  }
  EXPECT_EQ(net_.nat->size(), 1u);
  EXPECT_EQ(net_.nat->counters().created, 1u);
}

TEST_F(NatTest, PortUnreachableFromBeyondReachesTheSenderTranslated) {
  const auto dir = scratch_dir("nat_port_unreachable");
  ASSERT_TRUE(net_.sim.capture_links(dir).ok());
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 9, text("discard?")).ok());
  run();
  auto error = net_.pc_udp.take_error(*client);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reporter, kServer);
  EXPECT_EQ(error->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(error->code, icmp_unreach::kPort);
  EXPECT_EQ(error->destination, (UdpEndpoint{kServer, 9}));
  EXPECT_EQ(net_.nat->counters().icmp_errors_translated, 1u);

  ASSERT_TRUE(net_.sim.flush_captures().ok());
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  // The quoted header inside the error is translated too: on the LAN, no public address even
  // there; the quoted source port is the inside one.
  const std::string lan = all_fields(
      dir / "lan.pcap", {"ip.src", "ip.dst", "udp.srcport", "icmp.checksum.status"}, "icmp");
  EXPECT_NE(lan.find("198.51.100.53,192.168.0.10|192.168.0.10,198.51.100.53|40000|1"),
            std::string::npos)
      << lan;
  const std::string wan = all_fields(dir / "wan.pcap", {"ip.src", "ip.dst"}, "icmp");
  EXPECT_NE(wan.find("198.51.100.53,203.0.113.2|203.0.113.2,198.51.100.53"), std::string::npos)
      << wan;
  EXPECT_EQ(tshark_validate(dir / "lan.pcap"), "");
  EXPECT_EQ(tshark_validate(dir / "wan.pcap"), "");
}

// The NAT router itself cannot deliver a datagram it translated: its next hop never answers
// ARP. Its host unreachable quotes the datagram as it left, with the public address, and is
// translated back like an error from outside, so the inside sender learns of it.
TEST_F(NatTest, HostUnreachableFromTheNatRouterItselfReachesTheInsideSender) {
  const Ipv4Address nowhere = Ipv4Address::of(198, 51, 100, 200);
  ASSERT_TRUE(net_.home.add_route(Ipv4Cidr(nowhere, 32), Ipv4Address::of(203, 0, 113, 99)));
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, nowhere, 9, text("anyone?")).ok());
  run(Duration::seconds(4));  // ARP gives up after 3 s
  auto error = net_.pc_udp.take_error(*client);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reporter, kPublic);
  EXPECT_EQ(error->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(error->code, icmp_unreach::kHost);
  EXPECT_EQ(error->destination, (UdpEndpoint{nowhere, 9}));
  EXPECT_EQ(net_.nat->counters().icmp_errors_translated, 1u);
  EXPECT_EQ(home_drops(DropReason::kIcmpNoListener), 0u);
}

TEST_F(NatTest, HostUnreachableAboutTheRoutersOwnDatagramStillReachesItsOwnSocket) {
  const Ipv4Address nowhere = Ipv4Address::of(198, 51, 100, 200);
  ASSERT_TRUE(net_.home.add_route(Ipv4Cidr(nowhere, 32), Ipv4Address::of(203, 0, 113, 99)));
  UdpLayer home_udp(net_.home, net_.rng);
  auto own = home_udp.bind(Ipv4Address::any(), 5353);
  ASSERT_TRUE(home_udp.send_to(now(), *own, nowhere, 9, text("anyone?")).ok());
  run(Duration::seconds(4));
  auto error = home_udp.take_error(*own);
  ASSERT_TRUE(error) << "no NAT mapping: the error stays with the router";
  EXPECT_EQ(error->code, icmp_unreach::kHost);
  EXPECT_EQ(net_.nat->counters().icmp_errors_translated, 0u);
}

TEST_F(NatTest, TimeExceededFromAnOutsideRouterReachesTheSender) {
  auto client = net_.pc_udp.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(net_.pc_udp.set_ttl(*client, 2).ok());  // home forwards it; isp sees TTL 1
  ASSERT_TRUE(net_.pc_udp.send_to(now(), *client, kServer, 33434, text("probe")).ok());
  run();
  auto error = net_.pc_udp.take_error(*client);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reporter, kIsp);
  EXPECT_EQ(error->type, icmp_type::kTimeExceeded);
  EXPECT_EQ(error->destination, (UdpEndpoint{kServer, 33434}));
}

TEST_F(NatTest, IcmpEchoThroughNatByIdentifier) {
  PingConfig config;
  config.dst = kServer;
  config.ident = 777;
  config.count = 2;
  config.interval = Duration::millis(100);
  config.linger = Duration::millis(100);
  PingClient ping(net_.pc, config);
  net_.nodes[0].add_app(ping);
  run(Duration::seconds(1));
  EXPECT_EQ(ping.stats().received, 2u);
  const NatMapping* m = net_.nat->find(ip_proto::kIcmp, kPc, 777);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->replied);
  EXPECT_EQ(net_.nat->format_conntrack(now()).rfind("icmp     1 59 src=192.168.0.10 "
                                                    "dst=198.51.100.53 type=8 code=0 id=777 ",
                                                    0),
            0u)
      << net_.nat->format_conntrack(now());
  run(Duration::seconds(60));
  EXPECT_EQ(net_.nat->size(), 0u) << "ICMP mappings live 60 s (RFC 5508 REQ-1)";
}

TEST_F(NatTest, EchoRequestToThePublicAddressIsAnsweredByTheRouter) {
  PingConfig config;
  config.dst = kPublic;
  config.count = 1;
  config.linger = Duration::millis(100);
  PingClient ping(net_.server, config);
  net_.nodes[3].add_app(ping);
  run(Duration::seconds(1));
  EXPECT_EQ(ping.stats().received, 1u);
  EXPECT_EQ(net_.nat->counters().unsolicited, 0u);
}

TEST_F(NatTest, TcpIsTranslatedAndItsStateChoosesTheTimeout) {
  const auto dir = scratch_dir("nat_tcp");
  ASSERT_TRUE(net_.sim.capture_links(dir).ok());
  RawTcp pc_tcp(net_.pc);
  RawTcp server_tcp(net_.server);
  pc_tcp.send(now(), kServer, 40000, 80, kSyn);
  run();
  ASSERT_EQ(server_tcp.segments.size(), 1u);
  const RawTcp::Segment syn = server_tcp.segments[0];
  EXPECT_EQ(syn.src, kPublic);
  EXPECT_EQ(syn.sport, 40000);
  EXPECT_TRUE(syn.checksum_ok);
  EXPECT_NE(net_.nat->format_conntrack(now()).find("tcp      6 239 SYN_SENT "), std::string::npos)
      << "transitory: 4 minutes (RFC 5382 REQ-5)";

  server_tcp.send(now(), kPublic, 80, 40000, kSyn | kAck);
  run();
  ASSERT_EQ(pc_tcp.segments.size(), 1u);
  EXPECT_EQ(pc_tcp.segments[0].dst, kPc);
  EXPECT_EQ(pc_tcp.segments[0].dport, 40000);
  EXPECT_TRUE(pc_tcp.segments[0].checksum_ok);
  EXPECT_NE(net_.nat->format_conntrack(now()).find("tcp      6 7439 ESTABLISHED "),
            std::string::npos)
      << "established: 2 h 4 min (RFC 5382 REQ-5)";

  run(Duration::seconds(3600));
  EXPECT_EQ(net_.nat->size(), 1u) << "an idle established connection outlives an hour";

  pc_tcp.send(now(), kServer, 40000, 80, kFin | kAck);
  server_tcp.send(now(), kPublic, 80, 40000, kFin | kAck);
  run();
  EXPECT_NE(net_.nat->format_conntrack(now()).find("TIME_WAIT"), std::string::npos);
  run(Duration::seconds(241));
  EXPECT_EQ(net_.nat->size(), 0u);

  ASSERT_TRUE(net_.sim.flush_captures().ok());
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  EXPECT_EQ(tshark_validate(dir / "lan.pcap"), "");
  EXPECT_EQ(tshark_validate(dir / "wan.pcap"), "");
}

class NatExhaustionTest : public NatTest {
 protected:
  static NatConfig two_ports() {
    NatConfig config;
    config.port_first = 50000;
    config.port_last = 50001;
    return config;
  }
  NatExhaustionTest() : NatTest(two_ports()) {}
};

TEST_F(NatExhaustionTest, PortsRunOutWithoutACrash) {
  auto server = net_.server_udp.bind(Ipv4Address::any(), 33333);
  std::vector<UdpSocketId> clients;
  for (const std::uint16_t port : {std::uint16_t{1000}, std::uint16_t{1001}, std::uint16_t{1002}}) {
    clients.push_back(*net_.pc_udp.bind(Ipv4Address::any(), port));
    ASSERT_TRUE(net_.pc_udp.send_to(now(), clients.back(), kServer, 33333, text("x")).ok());
  }
  run();
  std::vector<std::uint16_t> outside;
  while (auto got = net_.server_udp.recv_from(*server, buf_)) outside.push_back(got->from.port);
  ASSERT_EQ(outside.size(), 2u);
  for (std::uint16_t port : outside) {
    EXPECT_GE(port, 50000);
    EXPECT_LE(port, 50001);
  }
  EXPECT_NE(outside[0], outside[1]);
  EXPECT_EQ(net_.nat->counters().exhausted, 1u);
  EXPECT_EQ(home_drops(DropReason::kNatPortsExhausted), 1u);

  run(Duration::seconds(301));  // the mappings expire; ports come back
  ASSERT_TRUE(net_.pc_udp.send_to(now(), clients[2], kServer, 33333, text("again")).ok());
  run();
  EXPECT_TRUE(net_.server_udp.recv_from(*server, buf_).ok());
}

}  // namespace
}  // namespace ws::test
