// When ARP gives up on a next hop (RFC 1122 §2.3.2.2), every datagram that waited for it is
// dropped (counted, by reason) and answered as RFC 1812 §4.3.3.1 / §5.2.7.1 and Linux do: a
// router sends ICMP host unreachable to the source of a forwarded datagram (rate-limited, never
// about an ICMP error), and a host hands the same error straight to its own transport for a
// datagram it sent (Linux's EHOSTUNREACH, "From <own address> ... Destination Host
// Unreachable").
//
//   sender ══ lan ══ router ══ far ══ bystander
//   192.0.2.2/24   .1   198.51.100.1/24    .2
//
// Nobody owns 198.51.100.96-99 (beyond the router) nor 192.0.2.99 (on the sender's own link):
// the ARP requests for them go unanswered.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_env.h"
#include "wirestack/internet/icmp_error.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/sim/topology.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/transport/udp/udp_layer.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

namespace fs = std::filesystem;

constexpr Ipv4Address kSender = Ipv4Address::of(192, 0, 2, 2);
constexpr Ipv4Address kRouterLan = Ipv4Address::of(192, 0, 2, 1);
constexpr Ipv4Address kNobodyFar = Ipv4Address::of(198, 51, 100, 99);
constexpr Ipv4Address kNobodyNear = Ipv4Address::of(192, 0, 2, 99);
constexpr std::uint16_t kPort = 5000;
// ARP's three requests a second apart (ArpCacheConfig), and some margin.
constexpr Duration kPastArpFailure = Duration::seconds(4);

// An ICMP error as a capture shows it: the outer addresses and the quote after the ICMP header.
struct CapturedIcmpError {
  Ipv4Address src, dst;
  std::uint8_t type = 0, code = 0;
  std::vector<std::uint8_t> quote;
};

std::vector<CapturedIcmpError> icmp_errors_in(const fs::path& pcap) {
  std::vector<CapturedIcmpError> out;
  auto reader = PcapReader::open(pcap.string());
  EXPECT_TRUE(reader) << pcap;
  if (!reader) return out;
  for (int i = 0; i < 100'000; ++i) {
    auto frame = reader->next();
    if (!frame || !*frame) break;
    auto eth = EthernetFrame::check((*frame)->data);
    if (!eth || eth->ethertype() != ethertype::kIpv4) continue;
    auto ip = Ipv4Packet::check(eth->payload());
    if (!ip || ip->protocol() != ip_proto::kIcmp) continue;
    auto icmp = IcmpPacket::check(ip->payload());
    if (!icmp || icmp->type() != icmp_type::kDestUnreachable) continue;
    const Bytes quote = ip->payload().subspan(kIcmpHeaderLen);
    out.push_back({ip->src(), ip->dst(), icmp->type(), icmp->code(),
                   std::vector<std::uint8_t>(quote.begin(), quote.end())});
  }
  return out;
}

class ArpUnreachable : public ::testing::Test {
 protected:
  ArpUnreachable() {
    lan_ = &topo_.connect(sender_, "192.0.2.2/24", router_, "192.0.2.1/24", "lan", sim::lan_link());
    topo_.connect(router_, "198.51.100.1/24", bystander_, "198.51.100.2/24", "far",
                  sim::lan_link());
    topo_.route(sender_, "0.0.0.0/0", "192.0.2.1");
    topo_.route(bystander_, "0.0.0.0/0", "198.51.100.1");
    socket_ = *udp_.bind(Ipv4Address::any(), kPort);
  }

  Instant now() { return topo_.sim().now(); }
  void run_for(Duration d) { topo_.sim().run_for(d); }
  void send_udp(Ipv4Address dst, std::uint16_t port, std::string_view text = "hello") {
    const auto sent =
        udp_.send_to(now(), socket_, dst, port,
                     Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    ASSERT_TRUE(sent.ok());
  }
  // An ICMP message of the sender's own making, to `dst` through the router.
  void send_icmp(Ipv4Address dst, const IcmpRepr& icmp) {
    PacketBuffer buffer = sender_.take_buffer(icmp.len());
    icmp.emit(buffer.append(icmp.len()));
    Ipv4Send send;
    send.dst = dst;
    send.protocol = ip_proto::kIcmp;
    (void)sender_.send_ipv4(now(), send, std::move(buffer));
  }
  // Learns the router's MAC (the router learns ours from the request), so that a burst leaves
  // at once instead of overflowing the sender's own ARP queue. An echo: no ICMP error spent.
  void resolve_router() {
    send_icmp(kRouterLan, IcmpRepr::echo_request(1, 1, {}));
    run_for(Duration::millis(10));
    ASSERT_EQ(sender_.counters().icmp.in_echo_reps, 1u);
  }
  std::uint64_t drops(const Host& host, DropReason reason) {
    return host.counters().drops.get(reason);
  }

  sim::Topology topo_{1};
  Host& sender_ = topo_.add_host("sender", false);
  Host& router_ = topo_.add_host("router", true);
  Host& bystander_ = topo_.add_host("bystander", false);
  UdpLayer udp_{sender_, topo_.rng()};
  sim::Link* lan_ = nullptr;
  UdpSocketId socket_;
};

TEST_F(ArpUnreachable, RouterWhoseNextHopNeverAnswersArpSendsHostUnreachableQuotingTheDatagram) {
  const fs::path dir = test::scratch_dir("ArpUnreachable.RouterSendsHostUnreachable");
  ASSERT_TRUE(topo_.sim().capture_links(dir).ok());
  send_udp(kNobodyFar, 7, "twelve bytes");
  run_for(Duration::millis(2900));
  EXPECT_FALSE(udp_.take_error(socket_)) << "not before ARP has given up";
  run_for(kPastArpFailure);

  const auto error = udp_.take_error(socket_);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(error->code, icmp_unreach::kHost);
  EXPECT_EQ(error->reporter, kRouterLan);  // the router's address on the way back, like Linux
  EXPECT_EQ(error->destination.address, kNobodyFar);
  EXPECT_EQ(error->destination.port, 7);
  EXPECT_EQ(router_.counters().arp.resolution_failures, 1u);
  EXPECT_EQ(drops(router_, DropReason::kArpResolutionFailed), 1u);
  EXPECT_EQ(router_.counters().icmp.out_dest_unreachs, 1u);

  // RFC 792: the quote is the datagram's IP header and the first 8 bytes of its data, here
  // the whole UDP header.
  ASSERT_TRUE(topo_.sim().flush_captures().ok());
  const auto on_lan = icmp_errors_in(dir / "lan.pcap");
  ASSERT_EQ(on_lan.size(), 1u);
  EXPECT_EQ(on_lan[0].src, kRouterLan);
  EXPECT_EQ(on_lan[0].dst, kSender);
  EXPECT_EQ(on_lan[0].code, icmp_unreach::kHost);
  ASSERT_EQ(on_lan[0].quote.size(), kIpv4MinHeaderLen + 8);
  const auto quoted = QuotedDatagram::parse(on_lan[0].quote);
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->src, kSender);
  EXPECT_EQ(quoted->dst, kNobodyFar);
  EXPECT_EQ(quoted->protocol, ip_proto::kUdp);
  const std::vector<std::uint8_t> udp_header(quoted->payload.begin(), quoted->payload.end());
  EXPECT_EQ(udp_header, (std::vector<std::uint8_t>{kPort >> 8, kPort & 0xff, 0, 7, 0, 20,
                                                   udp_header[6], udp_header[7]}));
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed: captures not validated";
  EXPECT_EQ(test::tshark_validate_dir(dir), "");
}

TEST_F(ArpUnreachable, LocalUdpSenderWhoseArpFailsLearnsHostUnreachableFromItsOwnAddress) {
  send_udp(kNobodyNear, 7);
  run_for(kPastArpFailure);
  const auto error = udp_.take_error(socket_);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(error->code, icmp_unreach::kHost);
  EXPECT_EQ(error->reporter, kSender);
  EXPECT_EQ(error->destination.address, kNobodyNear);
  EXPECT_EQ(drops(sender_, DropReason::kArpResolutionFailed), 1u);
  // Reported locally: all the sender put on the wire was its three ARP requests.
  EXPECT_EQ(sender_.counters().arp.out_requests, 3u);
  EXPECT_EQ(lan_->a().stats().tx_frames, 3u);
}

TEST_F(ArpUnreachable, LocalTcpConnectWhoseArpFailsEndsInHostUnreachable) {
  tcp::Layer tcp(sender_, topo_.rng());
  topo_.node(sender_).add_app(tcp);
  const auto c = tcp.connect(now(), kNobodyNear, 80);
  ASSERT_TRUE(c.ok());
  run_for(kPastArpFailure);
  // Learnt as soon as ARP gives up. Our TCP keeps trying (RFC 1122 §4.2.3.9: a soft error
  // MUST NOT abort a connection; Linux aborts a connect here at once) ...
  EXPECT_EQ(tcp.state(*c), tcp::State::kSynSent);
  EXPECT_EQ(tcp.connection(*c)->soft_error(), tcp::Error::kHostUnreachable);
  // ... and when the SYN retries run out, the connect fails with EHOSTUNREACH.
  topo_.sim().run_while([&] { return tcp.state(*c) == tcp::State::kSynSent; },
                        now() + Duration::seconds(600));
  EXPECT_EQ(tcp.state(*c), tcp::State::kClosed);
  EXPECT_EQ(tcp.error(*c), tcp::Error::kHostUnreachable);
}

TEST_F(ArpUnreachable, NoHostUnreachableAboutADatagramCarryingAnIcmpError) {
  resolve_router();
  // A port unreachable of the sender's (about some datagram it had received) and an echo
  // request, both to the address nobody answers for.
  const std::vector<std::uint8_t> about(28, 0x45);
  send_icmp(kNobodyFar, IcmpRepr::dest_unreachable(icmp_unreach::kPort, about));
  send_icmp(kNobodyFar, IcmpRepr::echo_request(2, 1, {}));
  run_for(kPastArpFailure);
  EXPECT_EQ(drops(router_, DropReason::kArpResolutionFailed), 2u);
  // RFC 1122 §3.2.2: only the echo request is answered.
  EXPECT_EQ(router_.counters().icmp.out_dest_unreachs, 1u);
  EXPECT_EQ(sender_.counters().icmp.in_dest_unreachs, 1u);
}

TEST_F(ArpUnreachable, RateLimitHoldsForABurstOfFailedDatagrams) {
  resolve_router();
  // 4 unresolved next hops × 16 datagrams (a full ARP queue each) fail within microseconds:
  // more than the limiter's burst of 50 (Linux's icmp_msgs_burst).
  constexpr int kHops = 4, kPerHop = 16;
  for (int h = 0; h < kHops; ++h) {
    for (int i = 0; i < kPerHop; ++i) {
      send_udp(Ipv4Address::of(198, 51, 100, static_cast<std::uint8_t>(96 + h)),
               static_cast<std::uint16_t>(33434 + i));
    }
  }
  run_for(kPastArpFailure);
  const IcmpRateLimit limit;
  EXPECT_EQ(drops(router_, DropReason::kArpResolutionFailed), std::uint64_t{kHops * kPerHop});
  EXPECT_EQ(router_.counters().icmp.out_dest_unreachs, limit.burst);
  EXPECT_EQ(router_.counters().icmp.out_rate_limited, kHops * kPerHop - limit.burst);
  EXPECT_EQ(drops(router_, DropReason::kIcmpRateLimited), kHops * kPerHop - limit.burst);
  EXPECT_EQ(sender_.counters().icmp.in_dest_unreachs, limit.burst);
}

}  // namespace
}  // namespace ws
