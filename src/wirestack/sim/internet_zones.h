// The zones of the simulated internet's name service, as master files (RFC 1035 §5): the root,
// com. and google.com., with the servers' addresses of InternetTopology. Kept in one place so
// that the servers, the tests and the journey's narration agree.
//
//   .            a.root-servers.net   198.51.100.130   (root-dns)
//   com.         a.gtld-servers.net   198.51.100.131   (com-dns)
//   google.com.  ns1.google.com       192.0.2.53       (google-dns)
//   www.google.com.  300 IN A  192.0.2.100            (www)
#pragma once

#include <string_view>

namespace ws::sim {

// TTLs as the real zones have them: two days for delegations, five minutes for www.
inline constexpr std::string_view kRootZoneText = R"(
$TTL 86400
.                    IN SOA a.root-servers.net. nstld.verisign-grs.com. (
                            2026112400 1800 900 604800 86400 )
.             518400 IN NS  a.root-servers.net.
a.root-servers.net. 518400 IN A 198.51.100.130
com.          172800 IN NS  a.gtld-servers.net.
a.gtld-servers.net. 172800 IN A 198.51.100.131
)";

inline constexpr std::string_view kComZoneText = R"(
$ORIGIN com.
$TTL 172800
@            IN SOA a.gtld-servers.net. nstld.verisign-grs.com. (
                    1764000000 1800 900 604800 900 )   ; 900 s negative TTL
             IN NS  a.gtld-servers.net.
google       IN NS  ns1.google
ns1.google   IN A   192.0.2.53
)";

inline constexpr std::string_view kGoogleZoneText = R"(
$ORIGIN google.com.
$TTL 300
@            IN SOA ns1 dns-admin ( 1 900 900 1800 60 )   ; 60 s negative TTL
@     345600 IN NS  ns1
ns1   345600 IN A   192.0.2.53
@            IN A   192.0.2.100
www          IN A   192.0.2.100
)";

// The TTL of www.google.com's A record, and of a cached "no such name" in google.com.
inline constexpr unsigned kWwwTtlSeconds = 300;
inline constexpr unsigned kGoogleNegativeTtlSeconds = 60;

}  // namespace ws::sim
