// The recursive resolver, sans-IO: its queries are answered by authoritative servers for the
// root, com. and google.com. (scripted: the test carries datagrams by hand).
#include <gtest/gtest.h>

#include <map>

#include "dns/zones.h"
#include "wirestack/application/dns/authoritative_server.h"
#include "wirestack/application/dns/recursive_resolver.h"

namespace ws::dns {
namespace {

DnsName name(std::string_view t) {
  return *DnsName::from_text(t);
}

const Ipv4Address kRoot = Ipv4Address::of(198, 51, 100, 1);
const Ipv4Address kRootBackup = Ipv4Address::of(198, 51, 100, 9);
const Ipv4Address kCom = Ipv4Address::of(198, 51, 100, 2);
const Ipv4Address kGoogle = Ipv4Address::of(198, 51, 100, 3);

class RecursiveResolverTest : public ::testing::Test {
 protected:
  RecursiveResolverTest() : resolver(config(), Rng(7)) {
    servers[kRoot].add_zone(test::zone(test::kRootZone));
    servers[kCom].add_zone(test::zone(test::kComZone));
    servers[kGoogle].add_zone(test::zone(test::kGoogleZone));
  }
  static RecursiveResolver::Config config() {
    RecursiveResolver::Config c;
    c.root_hints = {{name("a.root-servers.net"), kRoot}};
    return c;
  }

  // Starts a lookup and records its result.
  void start(std::string_view qname, std::uint16_t type = rr_type::kA) {
    result.reset();
    resolver.resolve(DnsQuestion{name(qname), type, kClassIn}, now,
                     [this](const Resolution& r) { result = r; });
  }
  // Delivers every pending query to its server and the answers back, until quiet.
  std::vector<Ipv4Address> exchange() {
    std::vector<Ipv4Address> asked;
    while (auto d = resolver.poll_transmit()) {
      if (d->local_port == kPort) {  // a response to a client
        to_clients.push_back(std::move(*d));
        continue;
      }
      asked.push_back(d->remote);
      EXPECT_EQ(d->remote_port, kPort);
      EXPECT_GE(d->local_port, kFirstEphemeralPort);
      const auto it = servers.find(d->remote);
      if (it == servers.end()) continue;  // nobody there
      const auto reply = it->second.answer(d->payload);
      if (reply) resolver.on_datagram(d->remote, kPort, d->local_port, *reply, now);
    }
    return asked;
  }

  Instant now = Instant::epoch() + Duration::seconds(1000);
  std::map<Ipv4Address, AuthoritativeServer> servers;
  RecursiveResolver resolver;
  std::optional<Resolution> result;
  std::vector<Datagram> to_clients;
};

std::vector<std::string> lines(const std::vector<DnsRecord>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.to_string());
  return out;
}

TEST_F(RecursiveResolverTest, WalksRootComGoogleThenAnswersFromCache) {
  start("www.google.com");
  EXPECT_EQ(exchange(), (std::vector<Ipv4Address>{kRoot, kCom, kGoogle}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->rcode, rcode::kNoError);
  EXPECT_FALSE(result->from_cache);
  EXPECT_EQ(lines(result->answers),
            (std::vector<std::string>{"www.google.com.\t300\tIN\tCNAME\twww.l.google.com.",
                                      "www.l.google.com.\t300\tIN\tA\t203.0.113.10"}));
  EXPECT_EQ(result->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 10)});
  ASSERT_EQ(result->trail.size(), 3u);
  EXPECT_EQ(result->trail[0].first, kRoot);
  EXPECT_EQ(result->trail[0].second.authority[0].name, name("com"));
  EXPECT_EQ(resolver.counters().referrals, 2u);

  // Again, 100 s later: from the cache, TTLs counted down, nothing sent.
  now += Duration::seconds(100);
  start("www.google.com");
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->from_cache);
  EXPECT_TRUE(exchange().empty());
  EXPECT_EQ(result->answers[1].ttl, 200u);

  // Another name in google.com.: straight to its server (the NS set is cached for 2 days).
  start("mail.google.com");
  EXPECT_EQ(exchange(), std::vector<Ipv4Address>{kGoogle});
  EXPECT_EQ(result->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 25)});

  // After the TTL (300 s), www is asked for again, of google.com.'s server only.
  now += Duration::seconds(201);
  start("www.google.com");
  EXPECT_EQ(exchange(), std::vector<Ipv4Address>{kGoogle});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->answers.size(), 2u);
  EXPECT_EQ(resolver.counters().cache_answers, 1u);
}

TEST_F(RecursiveResolverTest, WalksAgainFromTheRootWhenEverythingExpired) {
  start("www.google.com");
  exchange();
  now += Duration::seconds(172800 + 1);
  start("www.google.com");
  EXPECT_EQ(exchange(), (std::vector<Ipv4Address>{kRoot, kCom, kGoogle}));
  EXPECT_EQ(result->rcode, rcode::kNoError);
}

TEST_F(RecursiveResolverTest, NxDomainIsCachedNegatively) {
  start("nope.google.com");
  exchange();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->rcode, rcode::kNxDomain);
  EXPECT_TRUE(result->answers.empty());
  // Within the SOA's negative TTL (60 s), for any type: from the cache.
  now += Duration::seconds(59);
  start("nope.google.com", rr_type::kAaaa);
  EXPECT_TRUE(exchange().empty());
  EXPECT_EQ(result->rcode, rcode::kNxDomain);
  EXPECT_TRUE(result->from_cache);
  now += Duration::seconds(2);
  start("nope.google.com");
  EXPECT_EQ(exchange(), std::vector<Ipv4Address>{kGoogle});
  EXPECT_EQ(result->rcode, rcode::kNxDomain);
}

TEST_F(RecursiveResolverTest, NoDataIsCachedNegatively) {
  start("mail.google.com", rr_type::kAaaa);
  exchange();
  EXPECT_EQ(result->rcode, rcode::kNoError);
  EXPECT_TRUE(result->answers.empty());
  start("mail.google.com", rr_type::kAaaa);
  EXPECT_TRUE(result->from_cache);
  start("mail.google.com", rr_type::kTxt);  // another type is still asked for
  EXPECT_EQ(exchange(), std::vector<Ipv4Address>{kGoogle});
  EXPECT_EQ(lines(result->answers),
            std::vector<std::string>{"mail.google.com.\t300\tIN\tTXT\t\"v=spf1 -all\" \"two words\""});
}

TEST_F(RecursiveResolverTest, SpoofedAnswersAreDroppedAndCountedTheRealOneAccepted) {
  start("www.google.com");
  auto query = resolver.poll_transmit();
  ASSERT_TRUE(query);
  ASSERT_EQ(query->remote, kRoot);
  const auto real = *servers[kRoot].answer(query->payload);
  const DnsMessage parsed = *DnsMessage::parse(real);

  auto forged = [&](auto change) {
    DnsMessage m = parsed;
    change(m);
    return m.emit();
  };
  const auto wrong_id = forged([](DnsMessage& m) { m.header.id ^= 1; });
  const auto wrong_question =
      forged([](DnsMessage& m) { m.questions[0].name = *DnsName::from_text("evil.com"); });
  resolver.on_datagram(kRoot, kPort, query->local_port, wrong_id, now);
  resolver.on_datagram(kRoot, kPort, query->local_port, wrong_question, now);
  resolver.on_datagram(kCom, kPort, query->local_port, real, now);                // wrong server
  resolver.on_datagram(kRoot, 5353, query->local_port, real, now);               // wrong port
  resolver.on_datagram(kRoot, kPort, static_cast<std::uint16_t>(query->local_port ^ 1), real,
                       now);                                                     // wrong our port
  resolver.on_datagram(kRoot, kPort, query->local_port, std::vector<std::uint8_t>{1, 2}, now);
  EXPECT_EQ(resolver.counters().mismatched, 4u);
  EXPECT_EQ(resolver.counters().unexpected, 1u);
  EXPECT_EQ(resolver.counters().malformed, 1u);
  EXPECT_EQ(resolver.counters().responses_accepted, 0u);
  EXPECT_FALSE(result);

  resolver.on_datagram(kRoot, kPort, query->local_port, real, now);
  EXPECT_EQ(resolver.counters().responses_accepted, 1u);
  exchange();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->addresses(), std::vector<Ipv4Address>{Ipv4Address::of(203, 0, 113, 10)});
}

TEST_F(RecursiveResolverTest, IdsAndPortsAreRandomised) {
  std::set<std::uint16_t> ids, ports;
  for (int i = 0; i < 20; ++i) {
    resolver.resolve(DnsQuestion{name("x" + std::to_string(i) + ".example"), rr_type::kA, kClassIn},
                     now, [](const Resolution&) {});
    const auto d = resolver.poll_transmit();
    ASSERT_TRUE(d);
    ids.insert(DnsMessage::parse(d->payload)->header.id);
    ports.insert(d->local_port);
  }
  EXPECT_GE(ids.size(), 19u);
  EXPECT_EQ(ports.size(), 20u);
}

TEST_F(RecursiveResolverTest, TimeoutTriesTheNextServerThenGivesUp) {
  RecursiveResolver::Config c = config();
  c.root_hints.insert(c.root_hints.begin(), {name("b.root-servers.net"), kRootBackup});
  RecursiveResolver r(c, Rng(1));
  std::optional<Resolution> res;
  r.resolve(DnsQuestion{name("www.google.com"), rr_type::kA, kClassIn}, now,
            [&](const Resolution& x) { res = x; });
  const auto first = r.poll_transmit();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->remote, kRootBackup);  // silent
  EXPECT_EQ(r.poll_at(), now + c.timeout);
  r.poll(now + c.timeout - Duration::millis(1));
  EXPECT_FALSE(r.poll_transmit());
  r.poll(now + c.timeout);
  EXPECT_EQ(r.counters().timeouts, 1u);
  const auto second = r.poll_transmit();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->remote, kRoot);
  // A late answer from the first server is no longer expected.
  r.on_datagram(kRootBackup, kPort, first->local_port,
                *servers[kRoot].answer(first->payload), now);
  EXPECT_EQ(r.counters().unexpected, 1u);
  // Nobody answers: SERVFAIL once every server timed out.
  r.poll(now + c.timeout * 2);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->rcode, rcode::kServFail);
  EXPECT_FALSE(r.poll_at());
}

TEST_F(RecursiveResolverTest, ServesClientsOnPort53) {
  const Ipv4Address client = Ipv4Address::of(192, 168, 0, 10);
  const auto q = make_query(777, name("www.google.com"), rr_type::kA, true).emit();
  resolver.on_client_query(client, 40000, q, now);
  EXPECT_EQ(exchange().size(), 3u);
  ASSERT_EQ(to_clients.size(), 1u);
  const Datagram* d = &to_clients[0];
  EXPECT_EQ(d->remote, client);
  EXPECT_EQ(d->remote_port, 40000);
  EXPECT_EQ(d->local_port, kPort);
  const DnsMessage r = *DnsMessage::parse(d->payload);
  EXPECT_EQ(r.header.id, 777);
  EXPECT_TRUE(r.header.ra);
  EXPECT_TRUE(r.header.rd);
  EXPECT_FALSE(r.header.aa);
  EXPECT_EQ(r.answers.size(), 2u);
  EXPECT_EQ(r.summary(d->payload.size()),
            "777 2/0/0 CNAME www.l.google.com., A 203.0.113.10 (" +
                std::to_string(d->payload.size()) + ")");
}

TEST_F(RecursiveResolverTest, CnameLoopsAndReferralLoopsAreBounded) {
  servers[kGoogle] = AuthoritativeServer();
  servers[kGoogle].add_zone(*Zone::parse(
      "$ORIGIN google.com.\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\nns1 A 198.51.100.3\n"
      "a CNAME b.example.\n"));
  servers[kRoot].add_zone(*Zone::parse(  // the root's server also serves example.
      "$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\nb CNAME a.google.com.\n"));
  start("a.google.com");
  for (int i = 0; i < 10 && !result; ++i) exchange();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->rcode, rcode::kServFail);
  EXPECT_LE(result->answers.size(), 10u);
}

}  // namespace
}  // namespace ws::dns
