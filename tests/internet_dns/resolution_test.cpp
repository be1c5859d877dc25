// Resolving names on the journey's internet: the ISP's resolver walks root -> com. ->
// google.com., caches by TTL on the virtual clock (negative answers by the SOA minimum), and
// the client's stub answers repeats from its own cache.
#include "internet_dns/dns_net.h"
#include "wirestack/sim/internet_zones.h"

namespace ws::test {
namespace {

using sim::InternetTopology;
using What = DnsEvent::What;

const Ipv4Address kWww = InternetTopology::kWebServer;
const std::vector<Ipv4Address> kWalk = {InternetTopology::kRootDns, InternetTopology::kComDns,
                                        InternetTopology::kGoogleDns};

TEST_F(InternetDnsTest, ColdLookupWalksRootComGoogleAndReturnsTheARecord) {
  const auto r = lookup("www.google.com");
  EXPECT_EQ(r.rcode, dns::rcode::kNoError);
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{kWww});
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].ttl, sim::kWwwTtlSeconds);
  // The client asked only its configured resolver ...
  EXPECT_EQ(recorder_.servers("client", What::kQuerySent),
            std::vector<Ipv4Address>{InternetTopology::kResolver});
  // ... which asked the root, then com.'s server, then google.com.'s, following two referrals.
  EXPECT_EQ(recorder_.servers("isp-resolver", What::kQuerySent), kWalk);
  EXPECT_EQ(recorder_.zones("isp-resolver", What::kReferral),
            (std::vector<std::string>{"com.", "google.com."}));
  // The same walk on the wire: three queries left the resolver, to those three servers.
  std::vector<Ipv4Address> wire;
  for (const auto& q : recorder_.queries) {
    if (q.node == "isp-resolver") wire.push_back(q.dst);
  }
  EXPECT_EQ(wire, kWalk);
}

TEST_F(InternetDnsTest, SecondLookupComesFromTheResolversCache) {
  lookup("www.google.com");
  recorder_.clear();
  const auto r = lookup_at_resolver("www.google.com");
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{kWww});
  EXPECT_EQ(recorder_.queries_from("isp-resolver"), 0u);  // no packet left the resolver
  EXPECT_EQ(recorder_.servers("isp-resolver", What::kCacheHit).size(), 1u);
  EXPECT_EQ(net_.dns().recursive().counters().cache_answers, 1u);
}

TEST_F(InternetDnsTest, RepeatedLookupOnTheClientDoesNotLeaveTheClient) {
  lookup("www.google.com");
  recorder_.clear();
  const auto r = lookup("www.google.com");
  EXPECT_TRUE(r.from_cache);
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{kWww});
  EXPECT_EQ(recorder_.queries_from("client"), 0u);
  EXPECT_EQ(recorder_.servers("client", What::kCacheHit).size(), 1u);
}

TEST_F(InternetDnsTest, AfterTheTtlTheResolverAsksAgainFromTheClosestCachedZone) {
  lookup("www.google.com");
  net_.sim().run_for(Duration::seconds(sim::kWwwTtlSeconds + 1));
  recorder_.clear();
  const auto r = lookup_at_resolver("www.google.com");
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{kWww});
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].ttl, sim::kWwwTtlSeconds);  // fresh from the server, not counted down
  // google.com.'s servers are still cached (two days): only they are asked.
  EXPECT_EQ(recorder_.servers("isp-resolver", What::kQuerySent),
            std::vector<Ipv4Address>{InternetTopology::kGoogleDns});
}

TEST_F(InternetDnsTest, AfterEveryTtlTheResolverWalksFromTheRootAgain) {
  lookup("www.google.com");
  net_.sim().run_for(Duration::seconds(7 * 24 * 3600));  // past the root's six-day NS TTL
  recorder_.clear();
  const auto r = lookup_at_resolver("www.google.com");
  EXPECT_EQ(r.addresses(), std::vector<Ipv4Address>{kWww});
  EXPECT_EQ(recorder_.servers("isp-resolver", What::kQuerySent), kWalk);
}

TEST_F(InternetDnsTest, CachedTtlCountsDownOnTheVirtualClock) {
  lookup("www.google.com");
  net_.sim().run_for(Duration::seconds(100));
  const auto r = lookup_at_resolver("www.google.com");
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_NEAR(r.answers[0].ttl, sim::kWwwTtlSeconds - 100, 1);
}

TEST_F(InternetDnsTest, NxdomainIsCachedForTheSoaMinimum) {
  const auto r = lookup("nosuchhost.google.com");
  EXPECT_EQ(r.rcode, dns::rcode::kNxDomain);
  EXPECT_TRUE(r.answers.empty());
  const auto queries = net_.dns().recursive().counters().queries_sent;

  net_.sim().run_for(Duration::seconds(sim::kGoogleNegativeTtlSeconds - 5));
  recorder_.clear();
  EXPECT_EQ(lookup_at_resolver("nosuchhost.google.com").rcode, dns::rcode::kNxDomain);
  EXPECT_EQ(net_.dns().recursive().counters().queries_sent, queries);  // a negative cache hit
  EXPECT_EQ(recorder_.queries_from("isp-resolver"), 0u);

  net_.sim().run_for(Duration::seconds(10));  // past the 60 s SOA minimum
  EXPECT_EQ(lookup_at_resolver("nosuchhost.google.com").rcode, dns::rcode::kNxDomain);
  EXPECT_EQ(recorder_.servers("isp-resolver", What::kQuerySent),
            std::vector<Ipv4Address>{InternetTopology::kGoogleDns});
}

TEST_F(InternetDnsTest, ClientStubCachesNxdomainWithTheSoaTheResolverPassedOn) {
  const auto first = lookup("nosuchhost.google.com");
  EXPECT_EQ(first.rcode, dns::rcode::kNxDomain);
  ASSERT_EQ(first.authority.size(), 1u);
  EXPECT_EQ(first.authority[0].type, dns::rr_type::kSoa);
  EXPECT_EQ(first.authority[0].ttl, sim::kGoogleNegativeTtlSeconds);
  recorder_.clear();
  net_.sim().run_for(Duration::seconds(20));
  const auto again = lookup("nosuchhost.google.com");
  EXPECT_EQ(again.rcode, dns::rcode::kNxDomain);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(recorder_.queries_from("client"), 0u);
  ASSERT_EQ(again.authority.size(), 1u);
  EXPECT_NEAR(again.authority[0].ttl, sim::kGoogleNegativeTtlSeconds - 20, 1);
}

TEST_F(InternetDnsTest, ResolutionIsTheSameForTheSameSeed) {
  lookup("www.google.com");
  sim::InternetTopology other({});
  DnsRecorder other_recorder;
  other.set_event_sink(&other_recorder);
  std::optional<dns::Resolution> result;
  other.dns().client_stub().lookup(*dns::DnsName::from_text("www.google.com"), dns::rr_type::kA,
                                   other.sim().now(), [&](const auto& r) { result = r; });
  other.sim().run_while([&] { return !result; }, other.sim().now() + Duration::seconds(30));
  ASSERT_EQ(other_recorder.events.size(), recorder_.events.size());
  for (std::size_t i = 0; i < recorder_.events.size(); ++i) {
    EXPECT_EQ(other_recorder.events[i].id, recorder_.events[i].id);
    EXPECT_EQ(other_recorder.events[i].local_port, recorder_.events[i].local_port);
  }
}

}  // namespace
}  // namespace ws::test
