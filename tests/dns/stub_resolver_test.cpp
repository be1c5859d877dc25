// The stub resolver: RD queries to configured servers, cache, retry on timeout and SERVFAIL,
// spoof resistance.
#include <gtest/gtest.h>

#include "dns/zones.h"
#include "wirestack/application/dns/authoritative_server.h"
#include "wirestack/application/dns/stub_resolver.h"

namespace ws::dns {
namespace {

DnsName name(std::string_view t) {
  return *DnsName::from_text(t);
}

const Ipv4Address kDead = Ipv4Address::of(198, 51, 100, 53);
const Ipv4Address kServer = Ipv4Address::of(198, 51, 100, 54);

class StubResolverTest : public ::testing::Test {
 protected:
  StubResolverTest() : stub(StubResolver::Config{{kDead, kServer}}, Rng(3)) {
    // The configured server answers from google.com.'s zone (standing in for a recursive one).
    server.add_zone(test::zone(test::kGoogleZone));
  }
  void lookup(std::string_view n, std::uint16_t type = rr_type::kA) {
    result.reset();
    stub.lookup(name(n), type, now, [this](const Resolution& r) { result = r; });
  }
  // Answers what is sent to kServer; kDead never answers.
  void answer_pending() {
    while (auto d = stub.poll_transmit()) {
      EXPECT_TRUE(DnsMessage::parse(d->payload)->header.rd);
      if (d->remote != kServer) continue;
      stub.on_datagram(kServer, kPort, d->local_port, *server.answer(d->payload), now);
    }
  }
  Instant now;
  AuthoritativeServer server;
  StubResolver stub;
  std::optional<Resolution> result;
};

TEST_F(StubResolverTest, TimesOutOnTheFirstServerThenAsksTheSecondThenCaches) {
  lookup("www.google.com");
  answer_pending();  // to kDead: silence
  EXPECT_FALSE(result);
  ASSERT_TRUE(stub.poll_at());
  now = *stub.poll_at();
  stub.poll(now);
  answer_pending();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->rcode, rcode::kNoError);
  EXPECT_EQ(result->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 10)});
  EXPECT_EQ(stub.counters().timeouts, 1u);
  EXPECT_EQ(stub.counters().queries_sent, 2u);

  lookup("www.google.com");
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->from_cache);
  EXPECT_EQ(result->answers.size(), 2u);  // CNAME and A, each cached for its TTL...
  now += Duration::seconds(301);
  lookup("www.google.com");
  EXPECT_FALSE(result);  // ...until its TTL ran out
}

TEST_F(StubResolverTest, NxDomainCachedAndFailureAfterAllAttempts) {
  lookup("nope.google.com");
  answer_pending();
  now = *stub.poll_at();
  stub.poll(now);
  answer_pending();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->rcode, rcode::kNxDomain);
  lookup("nope.google.com");
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->from_cache);
  EXPECT_EQ(result->rcode, rcode::kNxDomain);

  StubResolver lonely(StubResolver::Config{{kDead}}, Rng(5));
  std::optional<Resolution> r;
  lonely.lookup(name("www.google.com"), rr_type::kA, now, [&](const Resolution& x) { r = x; });
  for (int i = 0; i < 5 && !r; ++i) {
    while (lonely.poll_transmit()) {
    }
    now = *lonely.poll_at();
    lonely.poll(now);
  }
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, rcode::kServFail);
  EXPECT_EQ(lonely.counters().queries_sent, 2u);  // attempts: 2
}

TEST_F(StubResolverTest, SpoofedAnswerDroppedRealOneAccepted) {
  StubResolver s(StubResolver::Config{{kServer}}, Rng(9));
  std::optional<Resolution> r;
  s.lookup(name("www.google.com"), rr_type::kA, now, [&](const Resolution& x) { r = x; });
  const auto q = s.poll_transmit();
  ASSERT_TRUE(q);
  const auto real = *server.answer(q->payload);
  DnsMessage forged = *DnsMessage::parse(real);
  forged.header.id ^= 0x100;
  forged.answers[1].data = Ipv4Address::of(192, 0, 2, 66);
  s.on_datagram(kServer, kPort, q->local_port, forged.emit(), now);
  s.on_datagram(kDead, kPort, q->local_port, real, now);
  EXPECT_EQ(s.counters().mismatched, 2u);
  EXPECT_FALSE(r);
  s.on_datagram(kServer, kPort, q->local_port, real, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 10)});
}

}  // namespace
}  // namespace ws::dns
