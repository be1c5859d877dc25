// DNS messages: parse, emit with compression, truncation, printers, malformed input.
#include <gtest/gtest.h>

#include "wirestack/wire/dns.h"

namespace ws::dns {
namespace {

DnsName name(std::string_view text) {
  return *DnsName::from_text(text);
}

TEST(DnsName, TextRoundTripAndCompare) {
  EXPECT_EQ(name("www.Google.com").to_string(), "www.Google.com.");
  EXPECT_EQ(name("www.google.com."), name("WWW.GOOGLE.COM"));
  EXPECT_EQ(DnsName::root().to_string(), ".");
  EXPECT_EQ(name("a\\.b.c").label_count(), 2u);
  EXPECT_EQ(name("a\\.b.c").to_string(), "a\\.b.c.");
  EXPECT_TRUE(name("www.google.com").is_subdomain_of(name("com")));
  EXPECT_TRUE(name("google.com").is_subdomain_of(DnsName::root()));
  EXPECT_FALSE(name("notgoogle.com").is_subdomain_of(name("google.com")));
  EXPECT_EQ(name("www.google.com").parent(), name("google.com"));
}

TEST(DnsName, TextLimits) {
  EXPECT_EQ(DnsName::from_text(std::string(64, 'a')).error(), DnsError::kLabelTooLong);
  EXPECT_TRUE(DnsName::from_text(std::string(63, 'a')).ok());
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'a') + ".";
  EXPECT_EQ(DnsName::from_text(long_name).error(), DnsError::kNameTooLong);
  EXPECT_EQ(DnsName::from_text("a..b").error(), DnsError::kBadText);
  EXPECT_EQ(DnsName::from_text("").error(), DnsError::kBadText);
}

DnsMessage sample_response() {
  DnsMessage m = make_query(12345, name("www.google.com"), rr_type::kA, true);
  m.header.qr = true;
  m.header.aa = true;
  m.header.ra = true;
  m.answers.push_back(DnsRecord::with_name(rr_type::kCname, name("www.google.com"), 300,
                                           name("www.l.google.com")));
  m.answers.push_back(DnsRecord::a(name("www.l.google.com"), 300, Ipv4Address::of(203, 0, 113, 10)));
  m.authority.push_back(
      DnsRecord::with_name(rr_type::kNs, name("google.com"), 86400, name("ns1.google.com")));
  m.authority.push_back(DnsRecord::soa(
      name("google.com"), 60,
      SoaData{name("ns1.google.com"), name("dns-admin.google.com"), 1, 900, 900, 1800, 60}));
  m.additional.push_back(DnsRecord{name("google.com"), rr_type::kTxt, kClassIn, 60,
                                   TxtData{"v=spf1 -all", "two \"words\""}});
  Ipv6Bytes v6{0x20, 0x01, 0x0d, 0xb8};
  v6[15] = 1;
  m.additional.push_back(DnsRecord{name("ns1.google.com"), rr_type::kAaaa, kClassIn, 60, v6});
  m.additional.push_back(DnsRecord{name("x.google.com"), 999, kClassIn, 60, OpaqueData{1, 2}});
  m.additional.push_back(DnsRecord::opt(1232));
  return m;
}

TEST(DnsMessage, EmitParseRoundTripWithCompression) {
  const DnsMessage m = sample_response();
  const auto bytes = m.emit();
  auto parsed = DnsMessage::parse(bytes);
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.error());
  EXPECT_EQ(*parsed, m);
  EXPECT_EQ(parsed->emit(), bytes);
  // "google.com" appears once in full; later names point at it.
  std::size_t count = 0;
  const std::string needle = "\6google\3com";
  const std::string text(bytes.begin(), bytes.end());
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++count;
  EXPECT_EQ(count, 1u);
}

TEST(DnsMessage, Printers) {
  const DnsMessage m = sample_response();
  EXPECT_EQ(m.answers[1].to_string(), "www.l.google.com.\t300\tIN\tA\t203.0.113.10");
  EXPECT_EQ(m.answers[0].data_string(), "www.l.google.com.");
  EXPECT_EQ(m.authority[1].data_string(),
            "ns1.google.com. dns-admin.google.com. 1 900 900 1800 60");
  EXPECT_EQ(m.additional[0].data_string(), "\"v=spf1 -all\" \"two \\\"words\\\"\"");
  EXPECT_EQ(m.additional[1].data_string(), "2001:db8::1");
  EXPECT_EQ(m.additional[2].to_string(), "x.google.com.\t60\tIN\tTYPE999\t\\# 2 0102");
  EXPECT_EQ(m.summary(48),
            "12345* 2/2/4 CNAME www.l.google.com., A 203.0.113.10 (48)");
  const DnsMessage q = make_query(12345, name("www.google.com"), rr_type::kA, true);
  EXPECT_EQ(q.summary(32), "12345+ A? www.google.com. (32)");
  const DnsMessage q2 = make_query(7, name("example.com"), rr_type::kAaaa, false, 4096);
  EXPECT_EQ(q2.summary(40), "7 [1au] AAAA? example.com. (40)");
  DnsMessage nx = q;
  nx.header.qr = true;
  nx.header.rcode = rcode::kNxDomain;
  EXPECT_EQ(nx.summary(32), "12345 NXDomain- 0/0/0 (32)");
}

TEST(DnsMessage, Ipv6Text) {
  EXPECT_EQ(ipv6_to_string(Ipv6Bytes{}), "::");
  Ipv6Bytes a{0x26, 0x07, 0xf0, 0xb0, 0x00, 0x0f, 0, 0, 0, 0, 0, 0, 0xba, 0xbe, 0xf0, 0x0d};
  EXPECT_EQ(ipv6_to_string(a), "2607:f0b0:f::babe:f00d");
  Ipv6Bytes b{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(ipv6_to_string(b), "2001:db8:0:1::1");
}

TEST(DnsMessage, TruncatesToLimitAndSetsTc) {
  DnsMessage m = make_query(1, name("big.example"), rr_type::kA, true);
  m.header.qr = true;
  for (int i = 0; i < 100; ++i) {
    m.answers.push_back(DnsRecord::a(name("big.example"), 60,
                                     Ipv4Address::of(198, 51, 100, static_cast<std::uint8_t>(i))));
  }
  const auto classic = m.emit(kClassicUdpSize);
  EXPECT_LE(classic.size(), kClassicUdpSize);
  auto parsed = DnsMessage::parse(classic);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->header.tc);
  EXPECT_LT(parsed->answers.size(), 100u);
  EXPECT_GT(parsed->answers.size(), 20u);

  m.additional.push_back(DnsRecord::opt(4096));
  auto full = DnsMessage::parse(m.emit(m.max_udp_size()));
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(full->header.tc);
  EXPECT_EQ(full->answers.size(), 100u);
  ASSERT_NE(full->opt(), nullptr);
  EXPECT_EQ(full->max_udp_size(), 4096u);
}

TEST(DnsMessage, AdditionalDroppedWithoutTc) {
  DnsMessage m = make_query(1, name("example"), rr_type::kNs, false);
  m.header.qr = true;
  m.answers.push_back(DnsRecord::with_name(rr_type::kNs, name("example"), 60, name("ns.example")));
  for (int i = 0; i < 60; ++i) {
    m.additional.push_back(DnsRecord{name("ns.example"), rr_type::kTxt, kClassIn, 60,
                                     TxtData{std::string(100, 'x')}});
  }
  auto parsed = DnsMessage::parse(m.emit(kClassicUdpSize));
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->header.tc);
  EXPECT_EQ(parsed->answers.size(), 1u);
  EXPECT_LT(parsed->additional.size(), 60u);
}

// A header with the given counts followed by `body`.
std::vector<std::uint8_t> message(std::uint16_t qd, std::uint16_t an,
                                  std::vector<std::uint8_t> body) {
  std::vector<std::uint8_t> m = {0x12, 0x34, 0x01, 0x00, static_cast<std::uint8_t>(qd >> 8),
                                 static_cast<std::uint8_t>(qd), static_cast<std::uint8_t>(an >> 8),
                                 static_cast<std::uint8_t>(an), 0, 0, 0, 0};
  for (const std::uint8_t b : body) m.push_back(b);  // (insert trips GCC 12's -Warray-bounds)
  return m;
}

DnsError parse_error(const std::vector<std::uint8_t>& bytes) {
  auto r = DnsMessage::parse(bytes);
  EXPECT_FALSE(r.ok());
  return r ? DnsError::kBadText : r.error();
}

TEST(DnsMessage, MalformedRejectedWithTypedErrors) {
  EXPECT_EQ(parse_error({}), DnsError::kTruncated);
  EXPECT_EQ(parse_error({1, 2, 3}), DnsError::kTruncated);
  // A pointer to itself, and two pointers pointing at each other.
  EXPECT_EQ(parse_error(message(1, 0, {0xc0, 12, 0, 1, 0, 1})), DnsError::kForwardPointer);
  EXPECT_EQ(parse_error(message(1, 0, {1, 'a', 0xc0, 12, 0, 1, 0, 1})), DnsError::kForwardPointer);
  // A pointer forward, and one past the end.
  EXPECT_EQ(parse_error(message(1, 0, {0xc0, 18, 0, 1, 0, 1, 0})), DnsError::kForwardPointer);
  EXPECT_EQ(parse_error(message(1, 0, {0xc0, 0xff, 0, 1, 0, 1})), DnsError::kPointerPastEnd);
  // A label longer than the rest of the message.
  EXPECT_EQ(parse_error(message(1, 0, {9, 'a', 0, 0, 1, 0, 1})), DnsError::kTruncated);
  EXPECT_EQ(parse_error(message(1, 0, {0x40, 0, 0, 1, 0, 1})), DnsError::kBadLabelType);
  // 65535 questions in 6 bytes.
  EXPECT_EQ(parse_error(message(0xffff, 0xffff, {0, 0, 1, 0, 1})), DnsError::kCountTooLarge);
  // Question cut short; A with 3 bytes of rdata.
  EXPECT_EQ(parse_error(message(1, 0, {1, 'a', 0, 0, 1})), DnsError::kTruncated);
  EXPECT_EQ(parse_error(message(0, 1, {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 3, 1, 2, 3})),
            DnsError::kBadRdata);
  // A CNAME whose name runs past its rdlength.
  EXPECT_EQ(parse_error(message(0, 1, {0, 0, 5, 0, 1, 0, 0, 0, 0, 0, 1, 1, 'a', 0})),
            DnsError::kBadRdata);
}

TEST(DnsMessage, NameTooLongThroughPointers) {
  // 5 labels of 63 bytes chained backwards by pointers: 320 bytes of name.
  std::vector<std::uint8_t> body;
  std::vector<std::size_t> starts;
  for (int i = 0; i < 5; ++i) {
    starts.push_back(kHeaderLen + body.size());
    body.push_back(63);
    body.insert(body.end(), 63, 'a');
    if (i == 0) {
      body.push_back(0);
    } else {
      body.push_back(static_cast<std::uint8_t>(0xc0 | (starts[i - 1] >> 8)));
      body.push_back(static_cast<std::uint8_t>(starts[i - 1]));
    }
  }
  // The question is the last chain: its name starts with a pointer to the last label.
  body.push_back(static_cast<std::uint8_t>(0xc0 | (starts[4] >> 8)));
  body.push_back(static_cast<std::uint8_t>(starts[4]));
  body.insert(body.end(), {0, 1, 0, 1});
  // Put the chain before the question by declaring 0 questions and reading from the end.
  auto m = message(0, 0, body);
  std::size_t end = 0;
  EXPECT_EQ(DnsName::read(m, m.size() - 6, end).error(), DnsError::kNameTooLong);
}

TEST(DnsMessage, RandomBytesNeverCrash) {
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> b(12 + (i % 80));
    for (auto& v : b) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      v = static_cast<std::uint8_t>(x);
    }
    b[4] = 0, b[6] = 0, b[8] = 0, b[10] = 0;  // small counts, to reach the sections
    auto r = DnsMessage::parse(b);
    if (r) (void)DnsMessage::parse(r->emit());
  }
}

}  // namespace
}  // namespace ws::dns
