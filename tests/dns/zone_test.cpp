// Master-file parsing.
#include <gtest/gtest.h>

#include "dns/zones.h"

namespace ws::dns {
namespace {

DnsName name(std::string_view t) {
  return *DnsName::from_text(t);
}

TEST(Zone, ParsesTheJourneyZones) {
  const Zone g = test::zone(test::kGoogleZone);
  EXPECT_EQ(g.origin(), name("google.com"));
  EXPECT_EQ(g.soa().to_string(),
            "google.com.\t300\tIN\tSOA\tns1.google.com. dns-admin.google.com. 1 900 900 1800 60");
  const auto& mail = g.records_at(name("mail.google.com"));
  ASSERT_EQ(mail.size(), 2u);  // the TXT line inherits the owner
  EXPECT_EQ(mail[1].to_string(), "mail.google.com.\t300\tIN\tTXT\t\"v=spf1 -all\" \"two words\"");
  EXPECT_EQ(g.records_at(name("v6.google.com"))[0].data_string(), "2001:db8::10");
  EXPECT_EQ(g.records_at(name("www.google.com"))[0].data_string(), "www.l.google.com.");
  EXPECT_TRUE(g.name_exists(name("l.google.com")));  // an empty non-terminal
  EXPECT_FALSE(g.name_exists(name("nope.google.com")));

  const Zone com = test::zone(test::kComZone);
  EXPECT_EQ(com.soa().ttl, 172800u);
  EXPECT_EQ(std::get<SoaData>(com.soa().data).minimum, 900u);
  ASSERT_NE(com.delegation_for(name("www.google.com")), nullptr);
  EXPECT_EQ(*com.delegation_for(name("www.google.com")), name("google.com"));
  EXPECT_EQ(com.delegation_for(name("example.com")), nullptr);
  const Zone root = test::zone(test::kRootZone);
  EXPECT_EQ(root.origin(), DnsName::root());
  EXPECT_EQ(root.records_at(name("com"))[0].ttl, 172800u);
}

TEST(Zone, TtlUnitsAndClassOrder) {
  auto z = Zone::parse("$ORIGIN example.\n@ 1h IN SOA ns hostmaster 1 2 3 4 5\nns IN 1d A 192.0.2.1\n");
  ASSERT_TRUE(z.ok()) << z.error().to_string();
  EXPECT_EQ(z->soa().ttl, 3600u);
  EXPECT_EQ(z->records_at(name("ns.example"))[0].ttl, 86400u);
}

std::string error_of(std::string_view text) {
  auto z = Zone::parse(text);
  EXPECT_FALSE(z.ok());
  return z ? "" : z.error().to_string();
}

TEST(Zone, ErrorsNameTheLine) {
  const std::string soa = "$ORIGIN example.\n@ SOA ns hm 1 2 3 4 5\n";
  EXPECT_EQ(error_of(soa + "www A 300.1.1.1\n"), "line 3: bad IPv4 address '300.1.1.1'");
  EXPECT_EQ(error_of(soa + "www MX2 foo\n"), "line 3: unknown type 'MX2'");
  EXPECT_EQ(error_of(soa + "www A\n"), "line 3: A takes 1 field, got 0");
  EXPECT_EQ(error_of(soa + "\n\nwww TXT \"open\n"), "line 5: unterminated string");
  EXPECT_EQ(error_of(soa + "www ( A 192.0.2.1\n"), "line 4: unbalanced '('");
  EXPECT_EQ(error_of(soa + "$INCLUDE other\n"), "line 3: unsupported directive '$INCLUDE'");
  EXPECT_EQ(error_of(soa + "$TTL soon\n"), "line 3: $TTL takes one TTL");
  EXPECT_EQ(error_of(soa + "www.other. A 192.0.2.1\n"),
            "'www.other.' is outside the zone example.");
  EXPECT_EQ(error_of("$ORIGIN example.\nwww A 192.0.2.1\n"), "a zone needs exactly one SOA, found 0");
  EXPECT_EQ(error_of(soa + std::string(64, 'a') + " A 192.0.2.1\n"),
            "line 3: bad name '" + std::string(64, 'a') + "': label too long");
  EXPECT_EQ(error_of("   A 192.0.2.1\n"), "line 1: no owner name");
}

}  // namespace
}  // namespace ws::dns
