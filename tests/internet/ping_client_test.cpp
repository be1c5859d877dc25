// The ping client end to end over in-memory links: LAN pings, errors from routers and from
// ourselves, large (fragmented) pings, and the Linux-style summary.
#include "wirestack/internet/ping_client.h"

#include <gtest/gtest.h>

#include "fake_device.h"
#include "frames.h"

namespace ws {
namespace {

using namespace test;

// Hosts joined by FakeDevice pairs with 1 ms latency each way, polled in time order.
class Network {
 public:
  Host& add_host(const char* name, bool forwarding = false) {
    HostConfig c;
    c.forwarding = forwarding;
    return *hosts_.emplace_back(std::make_unique<Host>(name, rng_, c));
  }
  // A point-to-point link between a's and b's new interfaces.
  void link(Host& a, const char* a_addr, Host& b, const char* b_addr, std::size_t mtu = 1500) {
    auto& da = *devices_.emplace_back(std::make_unique<FakeDevice>(mtu));
    auto& db = *devices_.emplace_back(std::make_unique<FakeDevice>(mtu));
    da.connect(db, Duration::millis(1));
    db.connect(da, Duration::millis(1));
    const auto n = static_cast<std::uint8_t>(devices_.size());
    a.add_interface({"eth" + std::to_string(a.interfaces().size()), mac(n - 1), cidr(a_addr), {}},
                    da);
    b.add_interface({"eth" + std::to_string(b.interfaces().size()), mac(n), cidr(b_addr), {}}, db);
  }
  // Runs until the ping is done.
  void run(PingClient& ping) {
    for (int guard = 0; guard < 100000 && !ping.done(); ++guard) {
      std::optional<Instant> next = ping.poll_at();
      for (auto& h : hosts_) {
        auto t = h->poll_at();
        if (t && (!next || *t < *next)) next = t;
      }
      if (!next) break;
      now_ = std::max(now_, *next);
      ping.poll(now_);
      for (auto& h : hosts_) h->poll(now_);
    }
    ASSERT_TRUE(ping.done());
  }
  Instant now() const { return now_; }

 private:
  Rng rng_{7};
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<std::unique_ptr<FakeDevice>> devices_;
  Instant now_ = Instant::epoch();
};

std::vector<std::string> lines(const PingClient& ping) {
  std::vector<std::string> out;
  for (const PingRecord& r : ping.records()) out.push_back(ping.format(r));
  return out;
}

TEST(PingClient, FourRepliesOnALanWithLinuxStyleSummary) {
  Network net;
  Host& a = net.add_host("a");
  Host& b = net.add_host("b");
  net.link(a, "192.168.0.10/24", b, "192.168.0.20/24");
  PingConfig config;
  config.dst = ip("192.168.0.20");
  PingClient ping(a, config);
  net.run(ping);
  EXPECT_EQ(ping.header_line(), "PING 192.168.0.20 (192.168.0.20) 56(84) bytes of data.");
  // The first request waits for ARP (request + reply: 2 ms more).
  EXPECT_EQ(lines(ping), (std::vector<std::string>{
                             "64 bytes from 192.168.0.20: icmp_seq=1 ttl=64 time=4.00 ms",
                             "64 bytes from 192.168.0.20: icmp_seq=2 ttl=64 time=2.00 ms",
                             "64 bytes from 192.168.0.20: icmp_seq=3 ttl=64 time=2.00 ms",
                             "64 bytes from 192.168.0.20: icmp_seq=4 ttl=64 time=2.00 ms",
                         }));
  EXPECT_EQ(ping.summary(),
            "--- 192.168.0.20 ping statistics ---\n"
            "4 packets transmitted, 4 received, 0% packet loss, time 3000ms\n"
            "rtt min/avg/max/mdev = 2.000/2.500/4.000/0.866 ms\n");
  // Two ARP frames on the LAN, not four: b learnt a from a's request.
  EXPECT_EQ(a.counters().arp.out_requests + b.counters().arp.out_requests, 1u);
  EXPECT_EQ(b.counters().icmp.out_echo_reps, 4u);
}

TEST(PingClient, UnownedLanAddressEndsInHostUnreachableFromOurselves) {
  Network net;
  Host& a = net.add_host("a");
  Host& b = net.add_host("b");
  net.link(a, "192.168.0.10/24", b, "192.168.0.20/24");
  PingConfig config;
  config.dst = ip("192.168.0.99");
  config.count = 1;
  PingClient ping(a, config);
  net.run(ping);
  EXPECT_EQ(lines(ping),
            std::vector<std::string>{"From 192.168.0.10 icmp_seq=1 Destination Host Unreachable"});
  EXPECT_EQ(ping.summary(),
            "--- 192.168.0.99 ping statistics ---\n"
            "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n");
  EXPECT_EQ(a.counters().arp.out_requests, 3u);
}

class ThroughRouters : public ::testing::Test {
 protected:
  // client — r1 — r2 — server
  ThroughRouters()
      : client_(net_.add_host("client")),
        r1_(net_.add_host("r1", true)),
        r2_(net_.add_host("r2", true)),
        server_(net_.add_host("server")) {
    net_.link(client_, "192.168.0.10/24", r1_, "192.168.0.1/24");
    net_.link(r1_, "10.0.0.1/30", r2_, "10.0.0.2/30", /*mtu=*/1500);
    net_.link(r2_, "198.51.100.1/24", server_, "198.51.100.7/24");
    EXPECT_TRUE(client_.add_route(cidr("0.0.0.0/0"), ip("192.168.0.1")));
    EXPECT_TRUE(r1_.add_route(cidr("0.0.0.0/0"), ip("10.0.0.2")));
    EXPECT_TRUE(r2_.add_route(cidr("192.168.0.0/24"), ip("10.0.0.1")));
    EXPECT_TRUE(server_.add_route(cidr("0.0.0.0/0"), ip("198.51.100.1")));
  }
  Network net_;
  Host& client_;
  Host& r1_;
  Host& r2_;
  Host& server_;
};

TEST_F(ThroughRouters, TtlFallsByOnePerRouter) {
  PingConfig config;
  config.dst = ip("198.51.100.7");
  config.count = 2;
  PingClient ping(client_, config);
  net_.run(ping);
  ASSERT_EQ(ping.records().size(), 2u);
  EXPECT_EQ(ping.records()[1].ttl, 62);
  EXPECT_EQ(ping.stats().received, 2u);
  EXPECT_EQ(r1_.counters().ip.forw_datagrams, 4u);
}

TEST_F(ThroughRouters, SmallTtlGetsTimeExceededFromTheRightRouter) {
  PingConfig config;
  config.dst = ip("198.51.100.7");
  config.count = 1;
  config.ttl = 2;
  PingClient ping(client_, config);
  net_.run(ping);
  EXPECT_EQ(lines(ping),
            std::vector<std::string>{"From 10.0.0.2 icmp_seq=1 Time to live exceeded"});
  EXPECT_EQ(ping.stats().errors, 1u);
}

TEST_F(ThroughRouters, UnownedRemoteAddressEndsInHostUnreachableFromTheLastRouter) {
  PingConfig config;
  config.dst = ip("198.51.100.99");
  config.count = 1;
  PingClient ping(client_, config);
  net_.run(ping);
  // Like Linux: from the router's address on the interface the error leaves by (towards us).
  EXPECT_EQ(lines(ping),
            std::vector<std::string>{"From 10.0.0.2 icmp_seq=1 Destination Host Unreachable"});
  EXPECT_EQ(r2_.counters().arp.out_requests, 3u);
}

TEST_F(ThroughRouters, NoRouteOnTheWayEndsInNetUnreachable) {
  PingConfig config;
  config.dst = ip("203.0.113.1");
  config.count = 1;
  PingClient ping(client_, config);
  net_.run(ping);
  EXPECT_EQ(lines(ping),
            std::vector<std::string>{"From 10.0.0.2 icmp_seq=1 Destination Net Unreachable"});
}

TEST_F(ThroughRouters, LargePingIsFragmentedAndReassembled) {
  PingConfig config;
  config.dst = ip("198.51.100.7");
  config.count = 1;
  config.payload_size = 3000;
  PingClient ping(client_, config);
  net_.run(ping);
  ASSERT_EQ(ping.records().size(), 1u);
  EXPECT_EQ(ping.format(ping.records()[0]).substr(0, 40),
            "3008 bytes from 198.51.100.7: icmp_seq=1");
  EXPECT_EQ(client_.counters().ip.frag_creates, 3u);
  EXPECT_EQ(server_.counters().ip.reasm_oks, 1u);
  EXPECT_EQ(client_.counters().ip.reasm_oks, 1u);
}

TEST(PingClient, NoRouteIsReportedLikeLinux) {
  Network net;
  Host& a = net.add_host("a");
  Host& b = net.add_host("b");
  net.link(a, "192.168.0.10/24", b, "192.168.0.20/24");
  PingConfig config;
  config.dst = ip("203.0.113.1");
  config.count = 1;
  PingClient ping(a, config);
  net.run(ping);
  EXPECT_EQ(lines(ping), std::vector<std::string>{"ping: sendmsg: Network is unreachable"});
}

TEST(PingClient, PingingOurOwnAddressGoesThroughLoopback) {
  Network net;
  Host& a = net.add_host("a");
  Host& b = net.add_host("b");
  net.link(a, "192.168.0.10/24", b, "192.168.0.20/24");
  PingConfig config;
  config.dst = ip("192.168.0.10");
  config.count = 2;
  PingClient ping(a, config);
  net.run(ping);
  EXPECT_EQ(ping.stats().received, 2u);
  EXPECT_EQ(b.counters().ip.in_receives, 0u);
}

}  // namespace
}  // namespace ws
