// IPv4 and ICMP on a host and on a router, scripted: inject this frame, expect that frame.
#include <gtest/gtest.h>

#include "host_fixture.h"

namespace ws {
namespace {

using namespace test;

// A router between the LAN 192.168.0.0/24 (eth0, 192.168.0.1, mac :01) and a point-to-point
// link 10.0.0.0/30 (eth1, 10.0.0.1, mac :11) whose far end 10.0.0.2 (mac :12) leads to
// 198.51.100.0/24. The LAN host 192.168.0.10 (mac :0a) and 10.0.0.2 are already in its ARP
// tables.
class Router : public ::testing::Test {
 protected:
  static constexpr std::size_t kLinkMtu = 1500;
  explicit Router(HostConfig config = forwarding(), std::size_t wan_mtu = kLinkMtu)
      : wan_(wan_mtu), router_("r1", rng_, config) {
    router_.add_interface({"eth0", kLanMac, cidr("192.168.0.1/24"), {}}, lan_);
    router_.add_interface({"eth1", kWanMac, cidr("10.0.0.1/30"), {}}, wan_);
    EXPECT_TRUE(router_.add_route(cidr("198.51.100.0/24"), ip("10.0.0.2")));
    router_.set_event_sink(&sink_);
    lan_.inject(arp_frame(ArpOperation::kRequest, kHostMac, kHost, MacAddress::zero(),
                          ip("192.168.0.1"), MacAddress::broadcast()));
    wan_.inject(arp_frame(ArpOperation::kRequest, kNextMac, ip("10.0.0.2"), MacAddress::zero(),
                          ip("10.0.0.1"), MacAddress::broadcast()));
    router_.poll(now_);
    (void)lan_.take_sent();
    (void)wan_.take_sent();
  }
  static HostConfig forwarding() {
    HostConfig c;
    c.forwarding = true;
    return c;
  }

  // Injects on the LAN side and polls; returns {sent on LAN, sent on WAN}.
  std::pair<std::vector<Frame>, std::vector<Frame>> from_lan(Frame frame) {
    lan_.inject(std::move(frame));
    router_.poll(now_);
    return {lan_.take_sent(), wan_.take_sent()};
  }
  std::uint64_t drops(DropReason r) const { return router_.counters().drops.get(r); }

  const Ipv4Address kHost = ip("192.168.0.10");
  const Ipv4Address kServer = ip("198.51.100.7");
  const MacAddress kHostMac = mac(0x0a), kLanMac = mac(0x01), kWanMac = mac(0x11),
                   kNextMac = mac(0x12);
  Rng rng_{1};
  FakeDevice lan_, wan_;
  RecordingSink sink_;
  Host router_;
  Instant now_ = Instant::epoch() + Duration::seconds(1);
};

TEST_F(Router, ForwardsWithTtlDecrementedAndChecksumStillValid) {
  const Frame in = echo_request_frame(kHostMac, kLanMac, kHost, kServer, 5, 1, 64);
  auto [lan, wan] = from_lan(in);
  EXPECT_TRUE(lan.empty());
  ASSERT_EQ(wan.size(), 1u);
  const Parsed out = parse(wan[0]);  // parse() insists that the IP checksum verifies
  EXPECT_EQ(out.eth.src, kWanMac);
  EXPECT_EQ(out.eth.dst, kNextMac);
  ASSERT_TRUE(out.ip);
  EXPECT_EQ(out.ip->ttl, 63);
  EXPECT_EQ(out.ip->src, kHost);
  EXPECT_EQ(out.ip->dst, kServer);
  const Parsed orig = parse(in);
  EXPECT_EQ(out.ip_payload, orig.ip_payload);
  EXPECT_EQ(router_.counters().ip.forw_datagrams, 1u);
  const auto fwd = sink_.all<ForwardEvent>();
  ASSERT_EQ(fwd.size(), 1u);
  EXPECT_EQ(fwd[0].ttl_in, 64);
  EXPECT_EQ(fwd[0].ttl_out, 63);
  EXPECT_EQ(fwd[0].in_ifindex, 1u);
  EXPECT_EQ(fwd[0].out_ifindex, 2u);
  const auto routes = sink_.all<RouteEvent>();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].matched, cidr("198.51.100.0/24"));
  EXPECT_EQ(routes[0].next_hop, ip("10.0.0.2"));
  EXPECT_TRUE(routes[0].forwarded);
}

TEST_F(Router, TtlExpiryAnswersTimeExceededFromIncomingInterfaceQuotingTheDatagram) {
  const Frame in = echo_request_frame(kHostMac, kLanMac, kHost, kServer, 5, 1, /*ttl=*/1);
  auto [lan, wan] = from_lan(in);
  EXPECT_TRUE(wan.empty());
  ASSERT_EQ(lan.size(), 1u);
  const Parsed err = parse(lan[0]);
  EXPECT_EQ(err.eth.dst, kHostMac);
  ASSERT_TRUE(err.ip && err.icmp);
  EXPECT_EQ(err.ip->src, ip("192.168.0.1"));
  EXPECT_EQ(err.ip->dst, kHost);
  EXPECT_EQ(err.icmp->type, icmp_type::kTimeExceeded);
  EXPECT_EQ(err.icmp->code, icmp_time_exceeded::kTtl);
  const Parsed orig = parse(in);
  ASSERT_GE(err.icmp_data.size(), 28u);
  EXPECT_TRUE(std::equal(orig.ip_bytes.begin(), orig.ip_bytes.begin() + 28, err.icmp_data.begin()))
      << "quotes the IP header and the first 8 bytes, as received";
  EXPECT_EQ(drops(DropReason::kIpTtlExpired), 1u);
  EXPECT_EQ(router_.counters().icmp.out_time_excds, 1u);
}

TEST_F(Router, DoesNotForwardDirectedBroadcastOrLinkBroadcast) {
  auto [lan1, wan1] = from_lan(echo_request_frame(kHostMac, kLanMac, kHost, ip("10.0.0.3"), 5, 1));
  EXPECT_TRUE(lan1.empty());
  EXPECT_TRUE(wan1.empty());
  auto [lan2, wan2] =
      from_lan(echo_request_frame(kHostMac, MacAddress::broadcast(), kHost, kServer, 5, 2));
  EXPECT_TRUE(lan2.empty()) << "no ICMP error about a link-layer broadcast";
  EXPECT_TRUE(wan2.empty());
  EXPECT_EQ(drops(DropReason::kIpBroadcastNotForwarded), 2u);
}

TEST_F(Router, LimitedBroadcastIsLocalAndBroadcastEchoIsIgnored) {
  auto [lan, wan] = from_lan(
      echo_request_frame(kHostMac, MacAddress::broadcast(), kHost, Ipv4Address::broadcast(), 5, 1));
  EXPECT_TRUE(lan.empty());
  EXPECT_TRUE(wan.empty());
  EXPECT_EQ(drops(DropReason::kIcmpBroadcastEchoIgnored), 1u);
}

TEST_F(Router, NoRouteAnswersNetUnreachable) {
  auto [lan, wan] = from_lan(echo_request_frame(kHostMac, kLanMac, kHost, ip("203.0.113.5"), 5, 1));
  EXPECT_TRUE(wan.empty());
  ASSERT_EQ(lan.size(), 1u);
  const Parsed err = parse(lan[0]);
  ASSERT_TRUE(err.icmp);
  EXPECT_EQ(err.ip->src, ip("192.168.0.1"));
  EXPECT_EQ(err.icmp->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(err.icmp->code, icmp_unreach::kNet);
  EXPECT_EQ(drops(DropReason::kIpNoRoute), 1u);
  EXPECT_EQ(router_.counters().ip.out_no_routes, 1u);
}

TEST_F(Router, NeverSendsAnIcmpErrorAboutAnIcmpError) {
  const auto quoted =
      ipv4_datagram(ip_header(kServer, kHost, ip_proto::kUdp), std::vector<std::uint8_t>(8));
  const auto icmp = icmp_bytes(IcmpRepr::dest_unreachable(icmp_unreach::kPort, quoted));
  const Frame in = ethernet(kHostMac, kLanMac, ethertype::kIpv4,
                            ipv4_datagram(ip_header(kHost, kServer, ip_proto::kIcmp, 1), icmp));
  auto [lan, wan] = from_lan(in);
  EXPECT_TRUE(lan.empty());
  EXPECT_TRUE(wan.empty());
  EXPECT_EQ(drops(DropReason::kIpTtlExpired), 1u);
}

TEST_F(Router, NoIcmpErrorAboutNonFirstFragment) {
  Ipv4Repr h = ip_header(kHost, kServer, ip_proto::kUdp, 1);
  h.frag_offset = 1480;
  auto [lan, wan] = from_lan(ethernet(kHostMac, kLanMac, ethertype::kIpv4,
                                      ipv4_datagram(h, std::vector<std::uint8_t>(100))));
  EXPECT_TRUE(lan.empty());
  EXPECT_TRUE(wan.empty());
}

TEST_F(Router, PrintsRoutesAndNeighbours) {
  EXPECT_EQ(router_.format_routes(),
            "10.0.0.0/30 dev eth1 proto kernel scope link src 10.0.0.1\n"
            "192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.1\n"
            "198.51.100.0/24 via 10.0.0.2 dev eth1\n");
  EXPECT_EQ(router_.format_neighbours(),
            "192.168.0.10 dev eth0 lladdr 02:00:00:00:00:0a REACHABLE\n"
            "10.0.0.2 dev eth1 lladdr 02:00:00:00:00:12 REACHABLE\n");
  EXPECT_FALSE(router_.add_route(cidr("203.0.113.0/24"), ip("172.16.0.1")))
      << "a gateway must be on a connected subnet";
}

class RouterSmallWan : public Router {
 protected:
  RouterSmallWan() : Router(forwarding(), 576) {}
  Frame big(bool dont_fragment) {
    Ipv4Repr h = ip_header(kHost, kServer, ip_proto::kUdp, 64, 0x1234);
    h.dont_fragment = dont_fragment;
    std::vector<std::uint8_t> payload(1000);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i);
    return ethernet(kHostMac, kLanMac, ethertype::kIpv4, ipv4_datagram(h, payload));
  }
};

TEST_F(RouterSmallWan, TooBigWithDontFragmentAnswersFragNeededWithNextHopMtu) {
  auto [lan, wan] = from_lan(big(true));
  EXPECT_TRUE(wan.empty());
  ASSERT_EQ(lan.size(), 1u);
  const Parsed err = parse(lan[0]);
  ASSERT_TRUE(err.icmp);
  EXPECT_EQ(err.icmp->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(err.icmp->code, icmp_unreach::kFragNeeded);
  EXPECT_EQ(err.icmp->next_hop_mtu, 576);
  EXPECT_EQ(drops(DropReason::kIpFragmentNeeded), 1u);
}

TEST_F(RouterSmallWan, TooBigWithoutDontFragmentIsFragmented) {
  const Frame in = big(false);
  auto [lan, wan] = from_lan(in);
  EXPECT_TRUE(lan.empty());
  ASSERT_EQ(wan.size(), 2u);
  const Parsed a = parse(wan[0]), b = parse(wan[1]);
  ASSERT_TRUE(a.ip && b.ip);
  EXPECT_EQ(a.ip->frag_offset, 0);
  EXPECT_TRUE(a.ip->more_fragments);
  EXPECT_EQ(a.ip->payload_len, 552);  // (576 - 20) rounded down to a multiple of 8
  EXPECT_EQ(b.ip->frag_offset, 552);
  EXPECT_FALSE(b.ip->more_fragments);
  EXPECT_EQ(b.ip->payload_len, 1000 - 552);
  EXPECT_EQ(a.ip->ident, 0x1234);
  EXPECT_EQ(b.ip->ident, 0x1234);
  EXPECT_EQ(a.ip->ttl, 63);
  std::vector<std::uint8_t> joined = a.ip_payload;
  joined.insert(joined.end(), b.ip_payload.begin(), b.ip_payload.end());
  EXPECT_EQ(joined, parse(in).ip_payload);
  EXPECT_EQ(router_.counters().ip.frag_creates, 2u);
}

class NotForwarding : public Router {
 protected:
  NotForwarding() : Router(HostConfig{}) {}
};

TEST_F(NotForwarding, HostDropsDatagramsForOthers) {
  auto [lan, wan] = from_lan(echo_request_frame(kHostMac, kLanMac, kHost, kServer, 5, 1));
  EXPECT_TRUE(lan.empty());
  EXPECT_TRUE(wan.empty());
  EXPECT_EQ(drops(DropReason::kIpNotForUs), 1u);
}

// --- A host's own input ---

class HostIp : public HostTest {};

TEST_F(HostIp, EchoReplyCopiesIdentSeqAndData) {
  learn_peer();
  const Frame in = echo_request_frame(kPeerMac, kOurMac, kPeerIp, kOurIp, 0x4242, 9, 64, 40);
  auto sent = step(in);
  ASSERT_EQ(sent.size(), 1u);
  const Parsed reply = parse(sent[0]);
  ASSERT_TRUE(reply.icmp);
  EXPECT_EQ(reply.eth.dst, kPeerMac);
  EXPECT_EQ(reply.ip->src, kOurIp);
  EXPECT_EQ(reply.ip->dst, kPeerIp);
  EXPECT_EQ(reply.icmp->type, icmp_type::kEchoReply);
  EXPECT_EQ(reply.icmp->ident, 0x4242);
  EXPECT_EQ(reply.icmp->seq, 9);
  EXPECT_EQ(reply.icmp_data, parse(in).icmp_data);
  EXPECT_EQ(host_.counters().icmp.in_echos, 1u);
  EXPECT_EQ(host_.counters().icmp.out_echo_reps, 1u);
}

TEST_F(HostIp, EchoReplyWaitsForArpWhenRequesterUnknown) {
  auto sent = step(echo_request_frame(kPeerMac, kOurMac, kPeerIp, kOurIp, 1, 1));
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(parse(sent[0]).arp);
  sent = step(arp_frame(ArpOperation::kReply, kPeerMac, kPeerIp, kOurMac, kOurIp, kOurMac));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(parse(sent[0]).icmp->type, icmp_type::kEchoReply);
}

TEST_F(HostIp, UnknownProtocolAnswersProtocolUnreachable) {
  learn_peer();
  auto sent =
      step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                    ipv4_datagram(ip_header(kPeerIp, kOurIp, 99), std::vector<std::uint8_t>(12))));
  ASSERT_EQ(sent.size(), 1u);
  const Parsed err = parse(sent[0]);
  ASSERT_TRUE(err.icmp);
  EXPECT_EQ(err.icmp->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(err.icmp->code, icmp_unreach::kProtocol);
  EXPECT_EQ(drops(DropReason::kIpUnknownProtocol), 1u);
}

struct RecordingHandler : IpProtocolHandler {
  void on_datagram(Instant, const Ipv4Repr& ip, Bytes payload, std::uint32_t ifindex) override {
    datagrams.emplace_back(ip.src, std::vector<std::uint8_t>(payload.begin(), payload.end()));
    last_ifindex = ifindex;
  }
  void on_icmp_error(Instant, const IcmpError& e) override { errors.push_back(e.code); }
  std::vector<std::pair<Ipv4Address, std::vector<std::uint8_t>>> datagrams;
  std::vector<std::uint8_t> errors;
  std::uint32_t last_ifindex = 0;
};

TEST_F(HostIp, RegisteredProtocolGetsItsDatagramsAndIcmpErrors) {
  RecordingHandler udp;
  host_.register_protocol(ip_proto::kUdp, &udp);
  const std::vector<std::uint8_t> body = {0, 53, 0, 53, 0, 12, 0, 0, 'h', 'i', '!', '!'};
  EXPECT_TRUE(step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                            ipv4_datagram(ip_header(kPeerIp, kOurIp, ip_proto::kUdp), body)))
                  .empty());
  ASSERT_EQ(udp.datagrams.size(), 1u);
  EXPECT_EQ(udp.datagrams[0].first, kPeerIp);
  EXPECT_EQ(udp.datagrams[0].second, body);
  EXPECT_EQ(udp.last_ifindex, 1u);

  const auto quoted = ipv4_datagram(ip_header(kOurIp, kPeerIp, ip_proto::kUdp), body);
  const auto icmp = icmp_bytes(IcmpRepr::dest_unreachable(icmp_unreach::kPort, quoted));
  (void)step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                      ipv4_datagram(ip_header(kPeerIp, kOurIp, ip_proto::kIcmp), icmp)));
  ASSERT_EQ(udp.errors.size(), 1u);
  EXPECT_EQ(udp.errors[0], icmp_unreach::kPort);
}

TEST_F(HostIp, MalformedFramesAreDroppedAndCountedByReasonNeverAnswered) {
  learn_peer();
  const Frame good = echo_request_frame(kPeerMac, kOurMac, kPeerIp, kOurIp, 1, 1);
  std::vector<Frame> bad;
  bad.push_back(Frame(good.begin(), good.begin() + 5));  // runt
  bad.push_back(ethernet(kPeerMac, mac(0x77), ethertype::kIpv4, Bytes(good).subspan(14)));
  bad.push_back(ethernet(kPeerMac, kOurMac, ethertype::kIpv6, std::vector<std::uint8_t>(40)));
  bad.push_back(Frame(good.begin(), good.begin() + 14 + 12));  // IP truncated
  Frame bad_version = good;
  bad_version[14] = 0x65;
  bad.push_back(bad_version);
  Frame bad_ip_checksum = good;
  bad_ip_checksum[14 + 10] ^= 0xff;
  bad.push_back(bad_ip_checksum);
  Frame bad_icmp_checksum = good;
  bad_icmp_checksum.back() ^= 0xff;
  bad.push_back(bad_icmp_checksum);
  bad.push_back(ethernet(kPeerMac, kOurMac, ethertype::kArp, std::vector<std::uint8_t>(7)));
  Frame tagged = good;  // insert an 802.1Q tag after the MACs
  const std::uint8_t tag[4] = {0x81, 0x00, 0x00, 0x0a};
  tagged.insert(tagged.begin() + 12, tag, tag + 4);
  bad.push_back(tagged);
  for (Frame& f : bad) EXPECT_TRUE(step(std::move(f)).empty());
  EXPECT_EQ(drops(DropReason::kEthernetMalformed), 1u);
  EXPECT_EQ(drops(DropReason::kEthernetNotForUs), 1u);
  EXPECT_EQ(drops(DropReason::kEthernetUnknownType), 1u);
  EXPECT_EQ(drops(DropReason::kIpMalformed), 2u);
  EXPECT_EQ(drops(DropReason::kIpBadChecksum), 1u);
  EXPECT_EQ(drops(DropReason::kIcmpBadChecksum), 1u);
  EXPECT_EQ(drops(DropReason::kArpMalformed), 1u);
  EXPECT_EQ(drops(DropReason::kEthernetVlanUnsupported), 1u);
  EXPECT_EQ(host_.counters().ip.in_hdr_errors, 3u);
  EXPECT_EQ(sink_.drops().size(), host_.counters().drops.total());
  // And the host still works.
  EXPECT_EQ(step(good).size(), 1u);
}

TEST_F(HostIp, ReassemblesFragmentedEchoRequestAndFragmentsTheReply) {
  learn_peer();
  std::vector<std::uint8_t> data(2992);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
  const auto icmp = icmp_bytes(IcmpRepr::echo_request(3, 4, data));  // 3000 bytes
  std::vector<Frame> frags;
  for (std::size_t off = 0; off < icmp.size(); off += 1480) {
    Ipv4Repr h = ip_header(kPeerIp, kOurIp, ip_proto::kIcmp, 64, 0x777);
    const std::size_t n = std::min<std::size_t>(1480, icmp.size() - off);
    h.frag_offset = static_cast<std::uint16_t>(off);
    h.more_fragments = off + n < icmp.size();
    frags.push_back(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                             ipv4_datagram(h, Bytes(icmp).subspan(off, n))));
  }
  EXPECT_TRUE(step(frags[2]).empty());
  EXPECT_TRUE(step(frags[0]).empty());
  auto sent = step(frags[1]);
  ASSERT_EQ(sent.size(), 3u);
  std::vector<std::uint8_t> reply;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const Parsed p = parse(sent[i]);
    ASSERT_TRUE(p.ip);
    EXPECT_EQ(p.ip->frag_offset, i * 1480);
    EXPECT_EQ(p.ip->more_fragments, i < 2);
    EXPECT_LE(p.ip_bytes.size(), 1500u);
    reply.insert(reply.end(), p.ip_payload.begin(), p.ip_payload.end());
  }
  auto view = IcmpPacket::check(reply);
  ASSERT_TRUE(view.ok());
  auto r = IcmpRepr::parse(*view, ChecksumCheck::kVerify);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, IcmpRepr::Kind::kEchoReply);
  EXPECT_EQ(std::vector<std::uint8_t>(r->data.begin(), r->data.end()), data);
  EXPECT_EQ(host_.counters().ip.reasm_oks, 1u);
  EXPECT_EQ(host_.counters().ip.frag_creates, 3u);
}

TEST_F(HostIp, ReassemblyTimeoutAnswersTimeExceededCodeOneWhenFirstFragmentCame) {
  learn_peer();
  Ipv4Repr h = ip_header(kPeerIp, kOurIp, ip_proto::kUdp, 64, 0x99);
  h.more_fragments = true;
  EXPECT_TRUE(step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                            ipv4_datagram(h, std::vector<std::uint8_t>(64))))
                  .empty());
  EXPECT_EQ(host_.poll_at(), now_ + Duration::seconds(30));
  advance(Duration::seconds(30));
  auto sent = poll();
  ASSERT_EQ(sent.size(), 1u);
  const Parsed err = parse(sent[0]);
  ASSERT_TRUE(err.icmp);
  EXPECT_EQ(err.icmp->type, icmp_type::kTimeExceeded);
  EXPECT_EQ(err.icmp->code, icmp_time_exceeded::kReassembly);
  EXPECT_EQ(err.ip->dst, kPeerIp);
  EXPECT_EQ(drops(DropReason::kIpReassemblyTimeout), 1u);
}

TEST_F(HostIp, OverlappingFragmentsAreDroppedAndCounted) {
  Ipv4Repr h = ip_header(kPeerIp, kOurIp, ip_proto::kUdp, 64, 0x55);
  h.more_fragments = true;
  (void)step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                      ipv4_datagram(h, std::vector<std::uint8_t>(64))));
  h.frag_offset = 32;
  h.more_fragments = false;
  (void)step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                      ipv4_datagram(h, std::vector<std::uint8_t>(64))));
  EXPECT_EQ(drops(DropReason::kIpFragmentOverlap), 1u);
  EXPECT_EQ(host_.counters().ip.reasm_fails, 1u);
}

TEST_F(HostIp, SendingWithDontFragmentAboveMtuFails) {
  learn_peer();
  Ipv4Send s;
  s.dst = kPeerIp;
  s.protocol = ip_proto::kUdp;
  s.dont_fragment = true;
  PacketBuffer b = host_.take_buffer(2000);
  b.append(2000);
  EXPECT_EQ(host_.send_ipv4(now_, s, std::move(b)), SendResult::kTooBig);
  EXPECT_TRUE(dev_.take_sent().empty());
}

TEST_F(HostIp, SendingWithoutRouteFails) {
  Ipv4Send s;
  s.dst = ip("203.0.113.1");
  s.protocol = ip_proto::kUdp;
  EXPECT_EQ(host_.send_ipv4(now_, s, host_.take_buffer(10)), SendResult::kNoRoute);
  EXPECT_EQ(host_.counters().ip.out_no_routes, 1u);
  EXPECT_EQ(host_.source_address_for(ip("203.0.113.1")), std::nullopt);
  EXPECT_EQ(host_.source_address_for(kPeerIp), kOurIp);
}

TEST_F(HostIp, CountersPrintLikeNetstat) {
  learn_peer();
  (void)step(echo_request_frame(kPeerMac, kOurMac, kPeerIp, kOurIp, 1, 1));
  const std::string s = host_.format_counters();
  EXPECT_NE(s.find("Ip:\n    Forwarding: 2\n    1 total packets received\n"), std::string::npos)
      << s;
  EXPECT_NE(s.find("    ICMP input histogram:\n        echo requests: 1\n"), std::string::npos);
  EXPECT_NE(s.find("        echo replies: 1\n"), std::string::npos);
  EXPECT_NE(s.find("Arp:\n    1 requests received\n"), std::string::npos);
}

class HostIpRateLimited : public HostTest {
 protected:
  static HostConfig limited() {
    HostConfig c;
    c.icmp_rate_limit = {1, 2};  // 1 per second, burst 2
    return c;
  }
  HostIpRateLimited() : HostTest({}, limited()) {}
};

TEST_F(HostIpRateLimited, IcmpErrorsAreRateLimitedByTokenBucket) {
  learn_peer();
  auto unknown = [&] {
    return ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                    ipv4_datagram(ip_header(kPeerIp, kOurIp, 99), std::vector<std::uint8_t>(8)));
  };
  EXPECT_EQ(step(unknown()).size(), 1u);
  EXPECT_EQ(step(unknown()).size(), 1u);
  EXPECT_EQ(step(unknown()).size(), 0u);
  EXPECT_EQ(drops(DropReason::kIcmpRateLimited), 1u);
  advance(Duration::seconds(1));
  EXPECT_EQ(step(unknown()).size(), 1u);
  // Echo replies are not errors: never limited.
  EXPECT_EQ(step(echo_request_frame(kPeerMac, kOurMac, kPeerIp, kOurIp, 1, 1)).size(), 1u);
}

TEST_F(HostIp, LimitedBroadcastLeavesAsLinkBroadcastWithoutArp) {
  Ipv4Send s;
  s.dst = Ipv4Address::broadcast();
  s.protocol = ip_proto::kUdp;
  PacketBuffer b = host_.take_buffer(8);
  b.append(8);
  EXPECT_EQ(host_.send_ipv4(now_, s, std::move(b)), SendResult::kSent);
  auto sent = dev_.take_sent();
  ASSERT_EQ(sent.size(), 1u);
  const Parsed p = parse(sent[0]);
  EXPECT_EQ(p.eth.dst, MacAddress::broadcast());
  EXPECT_EQ(p.ip->src, kOurIp);
}

}  // namespace
}  // namespace ws
