// UDP sockets on a host with one in-memory interface: bind (given and ephemeral ports),
// send/receive with addresses, port unreachable for closed ports, ICMP errors delivered to the
// socket that sent the datagram, bounded receive queues, malformed input counted.
// GCC 12 at -O2 reports false -Warray-bounds/-Wstringop-overflow inside frames.h's ethernet()
// when learn_peer() is inlined here (the copy is bounded by the vector it sized); the location
// is in a standard header, so the pragmas come before the includes.
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"

#include "wirestack/transport/udp/udp_layer.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "internet/host_fixture.h"
#include "wirestack/wire/udp.h"

namespace ws::test {
namespace {

std::vector<std::uint8_t> bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

// A UDP datagram (header + payload) with a correct checksum, or zero when `checksum` is false.
std::vector<std::uint8_t> udp_bytes(Ipv4Address src, std::uint16_t sport, Ipv4Address dst,
                                    std::uint16_t dport, Bytes payload, bool checksum = true) {
  std::vector<std::uint8_t> d(kUdpHeaderLen + payload.size());
  std::copy(payload.begin(), payload.end(), d.begin() + kUdpHeaderLen);
  UdpRepr udp;
  udp.src_port = sport;
  udp.dst_port = dport;
  udp.emit(d, src, dst);
  if (!checksum) store_be16(&d[6], 0);
  return d;
}

Frame udp_frame(Ipv4Address src, Ipv4Address dst, Bytes l4, std::uint16_t ident = 7) {
  return ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                  ipv4_datagram(ip_header(src, dst, ip_proto::kUdp, 64, ident), l4));
}

class UdpTest : public HostTest {
 protected:
  explicit UdpTest(UdpConfig config = {}) : udp_(host_, rng_, config) {}

  Frame datagram_to_us(std::uint16_t dport, const std::string& text, std::uint16_t sport = 7000) {
    const auto payload = bytes(text);
    return udp_frame(kPeerIp, kOurIp, udp_bytes(kPeerIp, sport, kOurIp, dport, payload));
  }

  UdpLayer udp_;
  std::array<std::uint8_t, 2048> buf_{};
};

TEST_F(UdpTest, BoundSocketReceivesDatagramWithPeerAddress) {
  auto s = udp_.bind(Ipv4Address::any(), 5000);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(udp_.readable(*s));
  EXPECT_TRUE(step(datagram_to_us(5000, "hello")).empty());
  ASSERT_TRUE(udp_.readable(*s));
  auto got = udp_.recv_from(*s, buf_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->from, (UdpEndpoint{kPeerIp, 7000}));
  EXPECT_EQ(got->to, kOurIp);
  EXPECT_FALSE(got->truncated);
  EXPECT_EQ(std::string(buf_.begin(), buf_.begin() + static_cast<long>(got->len)), "hello");
  EXPECT_EQ(udp_.recv_from(*s, buf_).error(), UdpError::kWouldBlock);
  EXPECT_EQ(udp_.counters().in_datagrams, 1u);
}

TEST_F(UdpTest, ZeroChecksumMeansNoneAndIsAccepted) {
  auto s = udp_.bind(kOurIp, 5000);
  ASSERT_TRUE(s.ok());
  const auto payload = bytes("no sum");
  step(udp_frame(kPeerIp, kOurIp, udp_bytes(kPeerIp, 7000, kOurIp, 5000, payload, false)));
  EXPECT_TRUE(udp_.recv_from(*s, buf_).ok());
}

TEST_F(UdpTest, EphemeralPortsAreDistinctInRangeAndSeedDeterministic) {
  std::set<std::uint16_t> ports;
  std::vector<std::uint16_t> first;
  for (int i = 0; i < 200; ++i) {
    auto s = udp_.bind(Ipv4Address::any(), 0);
    ASSERT_TRUE(s.ok());
    const std::uint16_t port = udp_.local_endpoint(*s)->port;
    EXPECT_GE(port, UdpLayer::kEphemeralFirst);
    ports.insert(port);
    first.push_back(port);
  }
  EXPECT_EQ(ports.size(), 200u);

  // Same seed, same ports; and not simply counting up (RFC 6056: unpredictable).
  Rng rng(1);
  Host other("other", rng);
  FakeDevice dev;
  other.add_interface({"eth0", kOurMac, Ipv4Cidr(kOurIp, 24), {}}, dev);
  UdpLayer again(other, rng);
  for (std::uint16_t expected : first) {
    EXPECT_EQ(again.local_endpoint(*again.bind(Ipv4Address::any(), 0))->port, expected);
  }
  EXPECT_NE(first[1], static_cast<std::uint16_t>(first[0] + 1));
}

TEST_F(UdpTest, BindConflictsAndStaleIds) {
  auto any53 = udp_.bind(Ipv4Address::any(), 53);
  ASSERT_TRUE(any53.ok());
  EXPECT_EQ(udp_.bind(kOurIp, 53).error(), UdpError::kAddressInUse);
  EXPECT_EQ(udp_.bind(Ipv4Address::any(), 53).error(), UdpError::kAddressInUse);
  EXPECT_EQ(udp_.bind(ip("10.9.9.9"), 54).error(), UdpError::kAddressNotLocal);
  ASSERT_TRUE(udp_.close(*any53).ok());
  EXPECT_EQ(udp_.close(*any53).error(), UdpError::kBadSocket);
  auto specific = udp_.bind(kOurIp, 53);
  ASSERT_TRUE(specific.ok());
  EXPECT_NE(*specific, *any53) << "a reused slot gets a new generation";
  EXPECT_EQ(udp_.bind(Ipv4Address::any(), 53).error(), UdpError::kAddressInUse);
  EXPECT_EQ(udp_.send(now_, *specific, bytes("x")).error(), UdpError::kNotConnected);
  EXPECT_EQ(udp_.send_to(now_, *specific, kPeerIp, 0, bytes("x")).error(),
            UdpError::kInvalidArgument);
}

TEST_F(UdpTest, SendToBuildsAValidDatagram) {
  learn_peer();
  auto s = udp_.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(s.ok());
  auto sent = udp_.send_to(now_, *s, kPeerIp, 53, bytes("query"));
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*sent, 5u);
  auto frames = poll();
  ASSERT_EQ(frames.size(), 1u);
  Parsed p = parse(frames[0]);
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->src, kOurIp);
  EXPECT_EQ(p.ip->protocol, ip_proto::kUdp);
  auto view = UdpPacket::check(p.ip_payload);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->src_port(), 40000);
  EXPECT_EQ(view->dst_port(), 53);
  EXPECT_EQ(view->length(), 13);
  EXPECT_NE(view->checksum(), 0);
  EXPECT_TRUE(view->checksum_valid(kOurIp, kPeerIp));
  EXPECT_EQ(udp_.counters().out_datagrams, 1u);
}

TEST_F(UdpTest, ConnectedSocketSendsToAndHearsOnlyItsPeer) {
  learn_peer();
  auto s = udp_.bind(Ipv4Address::any(), 40000);
  ASSERT_TRUE(udp_.connect(*s, kPeerIp, 9).ok());
  ASSERT_TRUE(udp_.send(now_, *s, bytes("hi")).ok());
  EXPECT_EQ(poll().size(), 1u);
  step(datagram_to_us(40000, "from elsewhere", 1234));  // not the peer: port unreachable
  EXPECT_FALSE(udp_.readable(*s));
  EXPECT_EQ(udp_.counters().no_ports, 1u);
  step(datagram_to_us(40000, "from the peer", 9));
  EXPECT_TRUE(udp_.readable(*s));
}

TEST_F(UdpTest, ClosedPortAnswersIcmpPortUnreachableQuotingTheDatagram) {
  learn_peer();
  const Frame in = datagram_to_us(9999, "anyone?");
  auto sent = step(in);
  ASSERT_EQ(sent.size(), 1u);
  Parsed p = parse(sent[0]);
  ASSERT_TRUE(p.icmp);
  EXPECT_EQ(p.ip->dst, kPeerIp);
  EXPECT_EQ(p.icmp->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(p.icmp->code, icmp_unreach::kPort);
  // RFC 792: the IP header + the first 8 bytes of the datagram, as received.
  const Parsed original = parse(in);
  ASSERT_EQ(p.icmp_data.size(), 28u);
  EXPECT_TRUE(std::equal(p.icmp_data.begin(), p.icmp_data.end(), original.ip_bytes.begin()));
  EXPECT_EQ(udp_.counters().no_ports, 1u);
  EXPECT_EQ(udp_.counters().drops.get(DropReason::kUdpNoSocket), 1u);
  EXPECT_EQ(sink_.drops(), std::vector<DropReason>{DropReason::kUdpNoSocket});
}

TEST_F(UdpTest, NoPortUnreachableForBroadcast) {
  learn_peer();
  const auto payload = bytes("dhcp?");
  const Ipv4Address bcast = ip("192.168.0.255");
  EXPECT_TRUE(step(udp_frame(kPeerIp, bcast, udp_bytes(kPeerIp, 68, bcast, 67, payload))).empty());
  EXPECT_EQ(udp_.counters().no_ports, 1u);
}

TEST_F(UdpTest, IcmpErrorGoesToTheSocketThatSentTheDatagram) {
  learn_peer();
  ASSERT_TRUE(host_.add_route(Ipv4Cidr(Ipv4Address::any(), 0), kPeerIp));
  auto a = udp_.bind(Ipv4Address::any(), 40001);
  auto b = udp_.bind(Ipv4Address::any(), 40002);
  std::vector<UdpSocketId> ready;
  udp_.set_ready_callback([&](UdpSocketId id) { ready.push_back(id); });
  ASSERT_TRUE(udp_.send_to(now_, *a, ip("198.51.100.7"), 33434, bytes("probe")).ok());
  auto out = poll();
  ASSERT_EQ(out.size(), 1u);
  const Parsed probe = parse(out[0]);
  // A router beyond the gateway says: port unreachable, quoting the probe.
  const auto icmp = icmp_bytes(IcmpRepr::dest_unreachable(icmp_unreach::kPort, probe.ip_bytes));
  step(ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                ipv4_datagram(ip_header(ip("198.51.100.7"), kOurIp, ip_proto::kIcmp), icmp)));
  EXPECT_FALSE(udp_.take_error(*b));
  ASSERT_TRUE(udp_.readable(*a));
  EXPECT_EQ(ready, std::vector<UdpSocketId>{*a});
  auto error = udp_.take_error(*a);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reporter, ip("198.51.100.7"));
  EXPECT_EQ(error->type, icmp_type::kDestUnreachable);
  EXPECT_EQ(error->code, icmp_unreach::kPort);
  EXPECT_EQ(error->destination, (UdpEndpoint{ip("198.51.100.7"), 33434}));
  EXPECT_FALSE(udp_.readable(*a));
}

class SmallQueueTest : public UdpTest {
 protected:
  SmallQueueTest() : UdpTest(UdpConfig{100, 2, 8}) {}
};

TEST_F(SmallQueueTest, FullQueueDropsAndCounts) {
  auto s = udp_.bind(Ipv4Address::any(), 5000);
  step(datagram_to_us(5000, "one"));
  step(datagram_to_us(5000, "two"));
  step(datagram_to_us(5000, "three"));  // a third datagram: over the count
  EXPECT_EQ(udp_.counters().rcvbuf_errors, 1u);
  EXPECT_EQ(udp_.counters().drops.get(DropReason::kUdpQueueFull), 1u);
  std::array<std::uint8_t, 2> tiny{};
  auto first = udp_.recv_from(*s, tiny);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->truncated);
  EXPECT_EQ(first->len, 2u);
  EXPECT_EQ(tiny[0], 'o');
  auto second = udp_.recv_from(*s, buf_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(std::string(buf_.begin(), buf_.begin() + 3), "two");
  // Over the bytes: 100 bytes of buffer; 60 + 60 does not fit, and the ring wraps around.
  step(datagram_to_us(5000, std::string(60, 'a')));
  step(datagram_to_us(5000, std::string(60, 'b')));
  EXPECT_EQ(udp_.counters().rcvbuf_errors, 2u);
  ASSERT_EQ(udp_.recv_from(*s, buf_)->len, 60u);
  step(datagram_to_us(5000, std::string(70, 'c')));
  auto wrapped = udp_.recv_from(*s, buf_);
  ASSERT_TRUE(wrapped.ok());
  EXPECT_EQ(std::string(buf_.begin(), buf_.begin() + 70), std::string(70, 'c'));
}

TEST_F(UdpTest, MalformedDatagramsAreCountedNeverCrash) {
  learn_peer();
  auto s = udp_.bind(Ipv4Address::any(), 5000);
  const auto payload = bytes("payload");
  auto good = udp_bytes(kPeerIp, 7000, kOurIp, 5000, payload);

  auto bad_sum = good;
  bad_sum[8] ^= 0xff;
  EXPECT_TRUE(step(udp_frame(kPeerIp, kOurIp, bad_sum)).empty());

  auto too_long = good;
  store_be16(&too_long[4], 200);  // length past the end
  step(udp_frame(kPeerIp, kOurIp, too_long));

  auto too_short = good;
  store_be16(&too_short[4], 7);  // shorter than the header
  step(udp_frame(kPeerIp, kOurIp, too_short));

  const std::vector<std::uint8_t> stub(good.begin(), good.begin() + 5);
  step(udp_frame(kPeerIp, kOurIp, stub));

  EXPECT_FALSE(udp_.readable(*s));
  EXPECT_EQ(udp_.counters().in_csum_errors, 1u);
  EXPECT_EQ(udp_.counters().in_errors, 4u);
  EXPECT_EQ(udp_.counters().drops.get(DropReason::kUdpBadChecksum), 1u);
  EXPECT_EQ(udp_.counters().drops.get(DropReason::kUdpMalformed), 3u);

  // Random bytes as UDP payloads of every length: counted, never a crash.
  Rng noise(7);
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::uint8_t> junk(noise.below(40));
    for (auto& b : junk) b = static_cast<std::uint8_t>(noise.next_u32());
    if (junk.size() >= 4 && noise.chance(0.5)) store_be16(&junk[2], 5000);
    step(udp_frame(kPeerIp, kOurIp, junk));
  }
  while (udp_.recv_from(*s, buf_).ok()) {
  }
  EXPECT_GT(udp_.counters().in_errors, 4u);
}

TEST_F(UdpTest, LoopbackDatagramToOwnAddress) {
  auto server = udp_.bind(kOurIp, 7);
  auto client = udp_.bind(Ipv4Address::any(), 0);
  ASSERT_TRUE(udp_.send_to(now_, *client, kOurIp, 7, bytes("echo")).ok());
  poll();
  auto got = udp_.recv_from(*server, buf_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->from, (UdpEndpoint{kOurIp, udp_.local_endpoint(*client)->port}));
}

TEST_F(UdpTest, TablesPrintLikeSsAndNetstat) {
  auto s = udp_.bind(Ipv4Address::any(), 53);
  ASSERT_TRUE(s.ok());
  EXPECT_NE(udp_.format_sockets().find("UNCONN  0       0.0.0.0:53"), std::string::npos)
      << udp_.format_sockets();
  EXPECT_NE(udp_.format_counters().find("packets to unknown port received"), std::string::npos);
}

}  // namespace
}  // namespace ws::test
