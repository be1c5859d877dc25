// The journey's zones (root, com., google.com.) as master files, for the server and resolver
// tests.
#pragma once

#include <gtest/gtest.h>

#include "wirestack/application/dns/zone.h"

namespace ws::dns::test {

inline constexpr const char* kRootZone = R"(
$TTL 86400
.            IN SOA a.root-servers.net. nstld.verisign-grs.com. ( 2024010101 1800 900 604800 86400 )
.               NS  a.root-servers.net.
a.root-servers.net. A 198.51.100.1
com.         172800 NS  a.gtld-servers.net.
a.gtld-servers.net. 172800 A 198.51.100.2
)";

inline constexpr const char* kComZone = R"(
$ORIGIN com.
$TTL 172800
@        IN SOA a.gtld-servers.net. nstld.verisign-grs.com. (
                 1 1800 900 604800
                 900 )          ; negative TTL
         NS  a.gtld-servers.net.
google   NS  ns1.google
ns1.google A 198.51.100.3
)";

inline constexpr const char* kGoogleZone = R"(
$ORIGIN google.com.
$TTL 300
@     IN SOA ns1 dns-admin ( 1 900 900 1800 60 )
@     NS   ns1
ns1   A    198.51.100.3
www   CNAME www.l        ; a CNAME inside the zone
www.l A    203.0.113.10
mail  A    203.0.113.25
      TXT  "v=spf1 -all" "two words"
v6    AAAA 2001:db8::10
)";

inline Zone zone(const char* text) {
  auto z = Zone::parse(text);
  EXPECT_TRUE(z.ok()) << (z ? "" : z.error().to_string());
  return z ? std::move(*z) : Zone();
}

}  // namespace ws::dns::test
