// The DNS cores bound to a host's UDP sockets: a query frame in, a response frame out.
// (GCC 12 -O2 false positives inside frames.h, as in tests/udp.)
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"

#include "wirestack/application/dns/udp_binding.h"

#include <gtest/gtest.h>

#include "dns/zones.h"
#include "internet/host_fixture.h"
#include "wirestack/wire/udp.h"

namespace ws::test {
namespace {

using namespace ws::dns;

Frame udp_frame(Ipv4Address src, std::uint16_t sport, Ipv4Address dst, std::uint16_t dport,
                Bytes payload) {
  std::vector<std::uint8_t> d(kUdpHeaderLen + payload.size());
  std::copy(payload.begin(), payload.end(), d.begin() + kUdpHeaderLen);
  UdpRepr udp;
  udp.src_port = sport;
  udp.dst_port = dport;
  udp.emit(d, src, dst);
  return ethernet(kPeerMac, kOurMac, ethertype::kIpv4,
                  ipv4_datagram(ip_header(src, dst, ip_proto::kUdp, 64, 1), d));
}

struct SentDns {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  DnsMessage message;
};

std::optional<SentDns> dns_in(const Frame& frame) {
  auto eth = EthernetFrame::check(frame);
  if (!eth || eth->ethertype() != ethertype::kIpv4) return std::nullopt;
  auto ip = Ipv4Packet::check(eth->payload());
  if (!ip || ip->protocol() != ip_proto::kUdp) return std::nullopt;
  auto udp = UdpPacket::check(ip->payload());
  if (!udp) return std::nullopt;
  auto m = DnsMessage::parse(udp->payload());
  if (!m) return std::nullopt;
  return SentDns{udp->src_port(), udp->dst_port(), *m};
}

class DnsUdpBindingTest : public HostTest {
 protected:
  DnsUdpBindingTest() : udp_(host_, rng_) { learn_peer(); }
  UdpLayer udp_;
};

TEST_F(DnsUdpBindingTest, AuthoritativeServerAnswersOnPort53) {
  AuthoritativeServer auth;
  auth.add_zone(dns::test::zone(dns::test::kGoogleZone));
  AuthoritativeUdpServer server(udp_, auth);
  ASSERT_TRUE(server.start().ok());
  const auto query = make_query(99, *DnsName::from_text("www.google.com"), rr_type::kA, true).emit();
  EXPECT_TRUE(step(udp_frame(kPeerIp, 40000, kOurIp, kPort, query)).empty());
  server.poll(now_);
  const auto sent = poll();
  ASSERT_EQ(sent.size(), 1u);
  const auto dns = dns_in(sent[0]);
  ASSERT_TRUE(dns);
  EXPECT_EQ(dns->sport, kPort);
  EXPECT_EQ(dns->dport, 40000);
  EXPECT_EQ(dns->message.header.id, 99);
  EXPECT_TRUE(dns->message.header.aa);
  EXPECT_EQ(dns->message.answers.size(), 2u);
}

TEST_F(DnsUdpBindingTest, StubResolverSendsAndAcceptsTheAnswer) {
  StubResolver stub(StubResolver::Config{{kPeerIp}}, Rng(4));
  StubUdpBinding binding(udp_, stub);
  std::optional<Resolution> result;
  stub.lookup(*DnsName::from_text("www.google.com"), rr_type::kA, now_,
              [&](const Resolution& r) { result = r; });
  binding.poll(now_);
  const auto sent = poll();
  ASSERT_EQ(sent.size(), 1u);
  const auto q = dns_in(sent[0]);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->dport, kPort);
  EXPECT_GE(q->sport, kFirstEphemeralPort);
  EXPECT_TRUE(q->message.header.rd);

  AuthoritativeServer auth;
  auth.add_zone(dns::test::zone(dns::test::kGoogleZone));
  const auto answer = *auth.answer(q->message.emit());
  step(udp_frame(kPeerIp, kPort, kOurIp, q->sport, answer));
  binding.poll(now_);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 10)});
  // The query's socket is closed: a late copy meets a closed port.
  const auto late = step(udp_frame(kPeerIp, kPort, kOurIp, q->sport, answer));
  EXPECT_EQ(udp_.counters().no_ports, 1u);
  EXPECT_EQ(late.size(), 1u);  // ICMP port unreachable
}

}  // namespace
}  // namespace ws::test
