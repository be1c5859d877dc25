// The authoritative server: AA answers, CNAME chasing, NXDOMAIN/NODATA with SOA, referrals with
// glue, REFUSED, FORMERR, NOTIMP, truncation.
#include <gtest/gtest.h>

#include "dns/zones.h"
#include "wirestack/application/dns/authoritative_server.h"

namespace ws::dns {
namespace {

DnsName name(std::string_view t) {
  return *DnsName::from_text(t);
}

class AuthoritativeServerTest : public ::testing::Test {
 protected:
  AuthoritativeServerTest() {
    server.add_zone(test::zone(test::kComZone));
    server.add_zone(test::zone(test::kGoogleZone));
  }
  DnsMessage ask(std::string_view qname, std::uint16_t type = rr_type::kA) {
    const auto bytes = server.answer(make_query(4321, name(qname), type, true).emit());
    EXPECT_TRUE(bytes.has_value());
    auto m = DnsMessage::parse(*bytes);
    EXPECT_TRUE(m.ok());
    return m ? *m : DnsMessage{};
  }
  static std::vector<std::string> lines(const std::vector<DnsRecord>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs) out.push_back(r.to_string());
    return out;
  }
  AuthoritativeServer server;
};

TEST_F(AuthoritativeServerTest, AnswerFollowsCnameInsideTheZone) {
  const DnsMessage r = ask("www.google.com");
  EXPECT_EQ(r.header.id, 4321);
  EXPECT_TRUE(r.header.qr);
  EXPECT_TRUE(r.header.aa);
  EXPECT_TRUE(r.header.rd);
  EXPECT_FALSE(r.header.ra);
  EXPECT_EQ(r.header.rcode, rcode::kNoError);
  ASSERT_EQ(r.questions.size(), 1u);
  EXPECT_EQ(lines(r.answers),
            (std::vector<std::string>{"www.google.com.\t300\tIN\tCNAME\twww.l.google.com.",
                                      "www.l.google.com.\t300\tIN\tA\t203.0.113.10"}));
  EXPECT_EQ(server.counters().answers, 1u);
}

TEST_F(AuthoritativeServerTest, NxDomainAndNoDataCarryTheSoa) {
  const DnsMessage nx = ask("nope.google.com");
  EXPECT_EQ(nx.header.rcode, rcode::kNxDomain);
  EXPECT_TRUE(nx.header.aa);
  EXPECT_TRUE(nx.answers.empty());
  ASSERT_EQ(nx.authority.size(), 1u);
  EXPECT_EQ(nx.authority[0].type, rr_type::kSoa);
  EXPECT_EQ(nx.authority[0].ttl, 60u);  // min(SOA TTL 300, MINIMUM 60)

  const DnsMessage nodata = ask("mail.google.com", rr_type::kAaaa);
  EXPECT_EQ(nodata.header.rcode, rcode::kNoError);
  EXPECT_TRUE(nodata.answers.empty());
  ASSERT_EQ(nodata.authority.size(), 1u);
  EXPECT_EQ(nodata.authority[0].type, rr_type::kSoa);

  // An empty non-terminal exists: NODATA, not NXDOMAIN.
  EXPECT_EQ(ask("l.google.com").header.rcode, rcode::kNoError);
  EXPECT_EQ(server.counters().nxdomain, 1u);
  EXPECT_EQ(server.counters().nodata, 2u);
}

TEST_F(AuthoritativeServerTest, ReferralWithGlue) {
  AuthoritativeServer com;
  com.add_zone(test::zone(test::kComZone));
  const auto bytes = com.answer(make_query(1, name("www.google.com"), rr_type::kA, false).emit());
  ASSERT_TRUE(bytes);
  const DnsMessage r = *DnsMessage::parse(*bytes);
  EXPECT_FALSE(r.header.aa);
  EXPECT_EQ(r.header.rcode, rcode::kNoError);
  EXPECT_TRUE(r.answers.empty());
  EXPECT_EQ(lines(r.authority),
            (std::vector<std::string>{"google.com.\t172800\tIN\tNS\tns1.google.com."}));
  EXPECT_EQ(lines(r.additional),
            (std::vector<std::string>{"ns1.google.com.\t172800\tIN\tA\t198.51.100.3"}));
  EXPECT_EQ(com.counters().referrals, 1u);
  // The delegated zone answers for itself when it is served too.
  EXPECT_TRUE(ask("ns1.google.com").header.aa);
}

TEST_F(AuthoritativeServerTest, RefusedOutsideItsZones) {
  const DnsMessage r = ask("www.example.org");
  EXPECT_EQ(r.header.rcode, rcode::kRefused);
  EXPECT_FALSE(r.header.aa);
  EXPECT_EQ(server.counters().refused, 1u);
}

TEST_F(AuthoritativeServerTest, FormErrNotImpAndDrops) {
  // A header claiming a question that is not there.
  std::vector<std::uint8_t> bad = {0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w'};
  auto r = server.answer(bad);
  ASSERT_TRUE(r);
  const DnsMessage formerr = *DnsMessage::parse(*r);
  EXPECT_EQ(formerr.header.id, 0xabcd);
  EXPECT_EQ(formerr.header.rcode, rcode::kFormErr);

  DnsMessage two = make_query(2, name("google.com"), rr_type::kA, false);
  two.questions.push_back(two.questions[0]);
  EXPECT_EQ(DnsMessage::parse(*server.answer(two.emit()))->header.rcode, rcode::kFormErr);

  DnsMessage notify = make_query(3, name("google.com"), rr_type::kSoa, false);
  notify.header.opcode = opcode::kNotify;
  EXPECT_EQ(DnsMessage::parse(*server.answer(notify.emit()))->header.rcode, rcode::kNotImp);

  // No reply to a response, nor to less than a header.
  DnsMessage response = make_query(4, name("google.com"), rr_type::kA, false);
  response.header.qr = true;
  EXPECT_FALSE(server.answer(response.emit()));
  EXPECT_FALSE(server.answer(std::vector<std::uint8_t>{1, 2, 3}));
  EXPECT_EQ(server.counters().formerr, 2u);
  EXPECT_EQ(server.counters().notimp, 1u);
  EXPECT_EQ(server.counters().dropped, 2u);
}

TEST_F(AuthoritativeServerTest, TruncatesToTheRequestorsSize) {
  std::string text = "$ORIGIN big.example.\n@ SOA ns hm 1 2 3 4 5\n";
  for (int i = 0; i < 60; ++i) text += "many A 192.0.2." + std::to_string(i) + "\n";
  AuthoritativeServer big;
  big.add_zone(*Zone::parse(text));
  const auto classic = big.answer(make_query(1, name("many.big.example"), rr_type::kA, false).emit());
  EXPECT_LE(classic->size(), kClassicUdpSize);
  EXPECT_TRUE(DnsMessage::parse(*classic)->header.tc);
  const auto edns =
      big.answer(make_query(1, name("many.big.example"), rr_type::kA, false, 4096).emit());
  const DnsMessage full = *DnsMessage::parse(*edns);
  EXPECT_FALSE(full.header.tc);
  EXPECT_EQ(full.answers.size(), 60u);
  ASSERT_NE(full.opt(), nullptr);
}

}  // namespace
}  // namespace ws::dns
