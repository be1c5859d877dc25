// traceroute and the NAT on the journey's internet: probes leave the client with TTL 1, 2, ...
// and every router answers in path order; the ICMP errors from beyond the home router come back
// translated (outer and quoted headers) to the client's socket; the LAN capture shows only
// the private address and the access-line capture only the public one; every capture passes
// tshark's checks.
#include <set>

#include "internet_dns/dns_net.h"
#include "support/test_env.h"
#include "wirestack/application/traceroute.h"
#include "wirestack/internet/icmp_error.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/icmp.h"

namespace ws::test {
namespace {

using sim::InternetTopology;

const std::vector<Ipv4Address> kRouters = {
    Ipv4Address::of(192, 168, 0, 1),    // home-router (its LAN side)
    Ipv4Address::of(203, 0, 113, 1),    // isp-router
    Ipv4Address::of(198, 51, 100, 2),   // backbone1
    Ipv4Address::of(198, 51, 100, 6),   // backbone2
    Ipv4Address::of(198, 51, 100, 10),  // google-edge
};

std::unique_ptr<Traceroute> run_traceroute(InternetTopology& net, TracerouteConfig config) {
  auto trace = std::make_unique<Traceroute>(net.client_udp(), config);
  net.node(net.client()).add_app(*trace);
  net.sim().run_while([&] { return !trace->done(); }, net.sim().now() + Duration::seconds(600));
  return trace;
}

class TracerouteTest : public InternetDnsTest {
 protected:
  const Traceroute& trace(Ipv4Address to, int queries = 3, int max_hops = 30) {
    TracerouteConfig c;
    c.destination = to;
    c.queries = queries;
    c.max_hops = max_hops;
    return trace(c);
  }
  const Traceroute& trace(const TracerouteConfig& c) {
    traces_.push_back(run_traceroute(net_, c));
    return *traces_.back();
  }
  std::vector<std::unique_ptr<Traceroute>> traces_;  // kept: the client's node polls them
};

TEST_F(TracerouteTest, ListsEveryRouterHopInOrderThenTheDestination) {
  const Traceroute& t = trace(InternetTopology::kWebServer);
  ASSERT_TRUE(t.done());
  EXPECT_TRUE(t.reached());
  ASSERT_EQ(t.hops_finished(), 6);
  for (const auto& p : t.probes()) {
    ASSERT_TRUE(p.answered) << "ttl " << p.ttl;
    if (p.ttl <= 5) {
      EXPECT_EQ(p.from, kRouters[p.ttl - 1]) << "ttl " << p.ttl;
      EXPECT_EQ(p.icmp_type, icmp_type::kTimeExceeded);
    } else {
      EXPECT_EQ(p.from, InternetTopology::kWebServer);
      EXPECT_EQ(p.icmp_type, icmp_type::kDestUnreachable);
      EXPECT_EQ(p.icmp_code, 3);  // port unreachable
    }
  }
  // Round trips grow with distance: the 10 ms backbone link shows between hops 3 and 4.
  EXPECT_GT(t.probes()[3 * 3 + 1].rtt, t.probes()[2 * 3 + 1].rtt + Duration::millis(15));
  EXPECT_EQ(t.format_hop(1).substr(0, 17), " 1  192.168.0.1  ");
}

TEST_F(TracerouteTest, IcmpErrorsFromBeyondTheNatReachTheClientSocketTranslated) {
  const Traceroute& t = trace(InternetTopology::kWebServer, 1, 3);
  ASSERT_EQ(t.probes().size(), 3u);
  // Hops 2 and 3 are beyond the NAT: their errors quoted the probe as 203.0.113.2:<mapped>,
  // and the home router turned them back into errors about 192.168.0.10:<socket port>, which
  // is how they found the traceroute's socket (take_error) with the probe's destination.
  EXPECT_EQ(t.probes()[1].from, kRouters[1]);
  EXPECT_EQ(t.probes()[2].from, kRouters[2]);
  EXPECT_EQ(net_.nat().counters().icmp_errors_translated, 2u);
  EXPECT_FALSE(t.reached());
}

TEST_F(TracerouteTest, HopsThatNeverAnswerShowStarsUpToMaxHops) {
  TracerouteConfig c;
  c.destination = Ipv4Address::of(198, 51, 100, 200);  // on dns-lan, but no such host
  c.queries = 1;
  c.max_hops = 5;
  c.wait = Duration::seconds(1);
  const Traceroute& t = trace(c);
  EXPECT_TRUE(t.done());
  EXPECT_FALSE(t.reached());
  // Hops 1-3 answer; then backbone1's ARP for the address goes unanswered, and its host
  // unreachable comes only when ARP gives up after 3 s, past the 1 s wait: stars up to the
  // last hop, never a made-up router (with the default wait: see
  // traceroute_host_unreachable_test.cpp).
  ASSERT_EQ(t.hops_finished(), 5);
  EXPECT_EQ(t.format_hop(3).substr(0, 16), " 3  198.51.100.2");
  EXPECT_EQ(t.format_hop(4), " 4  *");
  EXPECT_EQ(t.format_hop(5), " 5  *");
}

// The addresses each IPv4 packet of `pcap` names, the quoted header of ICMP errors included.
std::vector<std::pair<Ipv4Address, Ipv4Address>> addresses_in(const std::filesystem::path& pcap) {
  std::vector<std::pair<Ipv4Address, Ipv4Address>> out;
  auto reader = PcapReader::open(pcap.string());
  EXPECT_TRUE(reader) << pcap;
  if (!reader) return out;
  while (true) {
    auto frame = reader->next();
    if (!frame || !*frame) break;
    auto eth = EthernetFrame::check((*frame)->data);
    if (!eth || eth->ethertype() != ethertype::kIpv4) continue;
    auto ip = Ipv4Packet::check(eth->payload());
    if (!ip) continue;
    out.emplace_back(ip->src(), ip->dst());
    auto icmp = IcmpPacket::check(ip->payload());
    if (ip->protocol() != ip_proto::kIcmp || !icmp) continue;
    if (icmp->type() == icmp_type::kTimeExceeded || icmp->type() == icmp_type::kDestUnreachable) {
      if (auto q = QuotedDatagram::parse(ip->payload().subspan(8)))
        out.emplace_back(q->src, q->dst);
    }
  }
  return out;
}

TEST_F(TracerouteTest, LanCaptureShowsOnlyThePrivateAddressAndAccessCaptureOnlyThePublicOne) {
  const auto dir = scratch_dir("internet_dns_nat_captures");
  ASSERT_TRUE(net_.sim().capture_links(dir));
  lookup("www.google.com");
  trace(InternetTopology::kWebServer, 1);
  ASSERT_TRUE(net_.sim().flush_captures());

  const auto lan = addresses_in(dir / "home-lan-p0.pcap");  // the client's cable
  const auto wan = addresses_in(dir / "access.pcap");
  ASSERT_GT(lan.size(), 10u);
  ASSERT_GT(wan.size(), 10u);
  for (const auto& [src, dst] : lan) {
    EXPECT_TRUE(src == InternetTopology::kClient || dst == InternetTopology::kClient)
        << src.to_string() << " > " << dst.to_string();
    EXPECT_NE(src, InternetTopology::kPublic);
    EXPECT_NE(dst, InternetTopology::kPublic);
  }
  for (const auto& [src, dst] : wan) {
    EXPECT_TRUE(src == InternetTopology::kPublic || dst == InternetTopology::kPublic)
        << src.to_string() << " > " << dst.to_string();
    EXPECT_NE(src, InternetTopology::kClient);
    EXPECT_NE(dst, InternetTopology::kClient);
  }
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed: captures not validated";
  EXPECT_EQ(tshark_validate_dir(dir), "");
}

}  // namespace
}  // namespace ws::test
