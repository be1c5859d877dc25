// traceroute to an address nobody owns: the last router's ARP gives up after its three
// requests, and its host unreachable (RFC 1812 §4.3.3.1) ends the trace with " !H" after the
// time, as Linux `traceroute -n` prints it (" 4  198.51.100.2  3001.234 ms !H"). For an
// address on the client's own LAN the client's ARP gives up, and the error is its own, from its
// own address (Linux: " 1  192.168.0.10  3060.712 ms !H").
#include <regex>
#include <string>

#include "internet_dns/dns_net.h"
#include "wirestack/application/traceroute.h"
#include "wirestack/wire/icmp.h"

namespace ws::test {
namespace {

using sim::InternetTopology;

class TracerouteHostUnreachable : public InternetDnsTest {
 protected:
  const Traceroute& trace(Ipv4Address to) {
    TracerouteConfig c;
    c.destination = to;  // the default 5 s wait: longer than ARP's 3 s
    trace_ = std::make_unique<Traceroute>(net_.client_udp(), c);
    net_.node(net_.client()).add_app(*trace_);
    net_.sim().run_while([&] { return !trace_->done(); },
                         net_.sim().now() + Duration::seconds(600));
    return *trace_;
  }
  // A hop line of three probes each answered `!H` by `from` after ARP's 3 s and then some.
  static std::regex host_unreachable_line(int ttl, const std::string& from) {
    std::string dotted = std::regex_replace(from, std::regex("\\."), "\\.");
    return std::regex(" " + std::to_string(ttl) + "  " + dotted +
                      "(  3[0-9]{3}\\.[0-9]{3} ms !H){3}");
  }
  std::unique_ptr<Traceroute> trace_;  // kept: the client's node polls it
};

TEST_F(TracerouteHostUnreachable, MissingHostBehindTheLastRouterShowsBangHAndEndsTheTrace) {
  const Ipv4Address nobody = Ipv4Address::of(198, 51, 100, 200);  // on dns-lan, not there
  const Traceroute& t = trace(nobody);
  ASSERT_TRUE(t.done());
  EXPECT_TRUE(t.reached()) << "host unreachable ends the trace, as in Linux";
  ASSERT_EQ(t.hops_finished(), 4);
  for (const auto& p : t.probes()) {
    if (p.ttl < 4) continue;
    ASSERT_TRUE(p.answered);
    EXPECT_EQ(p.icmp_type, icmp_type::kDestUnreachable);
    EXPECT_EQ(p.icmp_code, icmp_unreach::kHost);
    EXPECT_GE(p.rtt, Duration::seconds(3));  // ARP's three requests, a second apart
  }
  // backbone1 (hop 3) answers again, now for the host it cannot reach.
  EXPECT_TRUE(std::regex_match(t.format_hop(4), host_unreachable_line(4, "198.51.100.2")))
      << t.format_hop(4);
}

TEST_F(TracerouteHostUnreachable, MissingHostOnTheClientsOwnLanIsReportedFromTheClientItself) {
  const Traceroute& t = trace(Ipv4Address::of(192, 168, 0, 99));
  ASSERT_TRUE(t.done());
  EXPECT_TRUE(t.reached());
  ASSERT_EQ(t.hops_finished(), 1);
  EXPECT_TRUE(std::regex_match(t.format_hop(1),
                               host_unreachable_line(1, InternetTopology::kClient.to_string())))
      << t.format_hop(1);
}

}  // namespace
}  // namespace ws::test
