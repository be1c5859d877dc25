// `wirestack router` without --nat between two Linux namespaces: it forwards real Linux traffic
// unchanged but for the TTL (RFC 1812 §5.3.1), follows --route to a network behind a Linux
// router, and answers a destination it has no route to with ICMP net unreachable
// (RFC 1812 §5.2.7.1). Bad --route usage is one line on stderr and exit status 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "router_between_namespaces.h"
#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {
namespace {

// Every "ttl=N" on ping's reply lines.
std::vector<std::string> reply_ttls(const std::string& ping_output) {
  std::vector<std::string> ttls;
  const std::regex ttl(R"(bytes from [\d.]+: icmp_seq=\d+ ttl=(\d+))");
  for (std::sregex_iterator it(ping_output.begin(), ping_output.end(), ttl), end; it != end; ++it) {
    ttls.push_back((*it)[1]);
  }
  return ttls;
}

// Plain forwarding: the server namespace routes the client's network back via our router.
class PlainRouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WS_REQUIRE_INTEROP("ping");
    dir_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    net_ = std::make_unique<RouterBetweenNamespaces>(std::vector<std::string>{});
    ASSERT_TRUE(net_->ready()) << net_->router().output();
    ASSERT_TRUE(net_->server().must({"ip", "route", "add", "10.200.1.0/24", "via", "10.200.2.2"}));
  }
  void TearDown() override { net_.reset(); }

  std::filesystem::path dir_;
  std::unique_ptr<RouterBetweenNamespaces> net_;
};

TEST_F(PlainRouterTest, CurlThroughTheRouterSucceedsAndTheServerSeesTheClientsOwnAddress) {
  WS_REQUIRE_INTEROP("curl", "tcpdump", "python3");
  const FetchSeenByServer seen = net_->fetch_seen_by_server(dir_, "forwarded, not translated\n");
  EXPECT_EQ(seen.curl.exit_code, 0) << seen.curl.err;
  EXPECT_EQ(seen.curl.out, "forwarded, not translated\n");
  // The opposite of the NAT test: the server logged the client's own address ...
  EXPECT_NE(seen.server_log.find("10.200.1.1 - -"), std::string::npos) << seen.server_log;
  // ... and no datagram on its link carries the router's address.
  EXPECT_EQ(seen.wan_addresses, (std::set<std::string>{"10.200.1.1", "10.200.2.1"}))
      << seen.wan_capture;
  const std::string log = net_->stop();
  EXPECT_EQ(log.find("conntrack -L"), std::string::npos) << log;  // no NAT table without --nat
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(\n\s*[1-9]\d* forwarded\n)"))) << log;
}

TEST_F(PlainRouterTest, PingThroughTheRouterIsAnsweredWithTheTtlDecrementedByOne) {
  const CommandResult ping =
      net_->client().run({"ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "10.200.2.1"}, 15);
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
  EXPECT_NE(ping.out.find("3 received"), std::string::npos) << ping.out;
  // Linux answers with TTL 64; our router is the one hop in between.
  EXPECT_EQ(reply_ttls(ping.out), (std::vector<std::string>{"63", "63", "63"})) << ping.out;
  // Our router's own answers are not forwarded: TTL 64 (so the 63 above is the decrement).
  const CommandResult own = net_->client().run({"ping", "-n", "-c", "1", "-W", "2", "10.200.1.2"});
  EXPECT_EQ(reply_ttls(own.out), std::vector<std::string>{"64"}) << own.out;
}

// Beyond our router's wan side, the server namespace is a Linux router (ip_forward on) to a far
// namespace: 10.200.2.1 (tapw) | 10.200.3.1 (far0) -- veth -- 10.200.3.2 (far1).
class StaticRouteTest : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& router_options) {
    net_ = std::make_unique<RouterBetweenNamespaces>(router_options);
    ASSERT_TRUE(net_->ready()) << net_->router().output();
    const Netns& linux_router = net_->server();
    far_ = std::make_unique<Netns>();
    linux_router.add_veth("far0", *far_, "far1");
    linux_router.configure("far0", "10.200.3.1/24");
    ASSERT_TRUE(linux_router.must({"sysctl", "-qw", "net.ipv4.ip_forward=1"}));
    ASSERT_TRUE(linux_router.must({"ip", "route", "add", "10.200.1.0/24", "via", "10.200.2.2"}));
    far_->configure("far1", "10.200.3.2/24");
    ASSERT_TRUE(far_->must({"ip", "route", "add", "default", "via", "10.200.3.1"}));
  }
  void SetUp() override { WS_REQUIRE_INTEROP("ping"); }
  void TearDown() override {
    net_.reset();
    far_.reset();
  }

  std::unique_ptr<Netns> far_;
  std::unique_ptr<RouterBetweenNamespaces> net_;
};

TEST_F(StaticRouteTest, WithTheRouteTheClientReachesAHostBehindALinuxRouter) {
  ASSERT_NO_FATAL_FAILURE(start({"--route", "10.200.3.0/24", "via", "10.200.2.1"}));
  const CommandResult ping =
      net_->client().run({"ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", "10.200.3.2"}, 15);
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
  // Two routers between the far host and the client: the Linux one and ours.
  EXPECT_EQ(reply_ttls(ping.out), (std::vector<std::string>{"62", "62"})) << ping.out;
  const std::string log = net_->stop();
  EXPECT_NE(log.find("10.200.3.0/24 via 10.200.2.1"), std::string::npos) << log;  // ip route
}

TEST_F(StaticRouteTest, WithoutTheRouteTheRouterAnswersNetUnreachable) {
  ASSERT_NO_FATAL_FAILURE(start({}));
  // The far host is there (the Linux router reaches it) ...
  const CommandResult direct =
      net_->server().run({"ping", "-n", "-c", "1", "-W", "2", "10.200.3.2"});
  EXPECT_EQ(direct.exit_code, 0) << direct.out;
  // ... but our router has no route to its network: RFC 1812 §5.2.7.1, ICMP destination
  // unreachable, code 0 (net), from the address the datagram came in on.
  const CommandResult ping = net_->client().run({"ping", "-n", "-c", "1", "-W", "2", "10.200.3.2"});
  EXPECT_NE(ping.exit_code, 0) << ping.out;
  EXPECT_NE(ping.out.find("From 10.200.1.2 icmp_seq=1 Destination Net Unreachable"),
            std::string::npos)
      << ping.out << ping.err;
  const std::string log = net_->stop();
  EXPECT_EQ(log.find("10.200.3.0/24"), std::string::npos) << log;  // not in its ip route
}

// Runs `wirestack router ARGS` in this process's namespace. Every call below is refused while
// parsing --route, before any tap is opened; with no --lan/--wan given, a route wrongly accepted
// would fail on the missing --lan (and this test with it), never open a tap here.
CommandResult router_command(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {wirestack_binary().string(), "router"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

TEST(RouterCommand, BadRouteOptionsGiveOneLineAndExitTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"--route", "10.0.0.0/8"},                        // no "via ADDR"
      {"--route", "10.0.0.0/8", "via"},                 // no ADDR
      {"--route", "10.0.0.0/8", "gw", "10.200.2.1"},    // not "via"
      {"--route", "10.0.0/8", "via", "10.200.2.1"},     // not a network
      {"--route", "10.0.0.0/33", "via", "10.200.2.1"},  // no such prefix length
      {"--route", "10.0.0.0/8", "via", "10.200.2"},     // not a gateway address
  };
  for (const auto& args : bad) {
    const CommandResult r = router_command(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exit_code, 2) << shown;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("wirestack router: --route")) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(RouterCommand, ARouteGatewayOnNoConnectedSubnetIsBadUsage) {
  // Checked once the interfaces exist, so the taps are opened: inside a namespace of our own.
  WS_REQUIRE_INTEROP();
  Netns ns;
  ns.add_tap("tapl");
  ns.add_tap("tapw");
  const CommandResult r =
      ns.run({wirestack_binary().string(), "router", "--lan", "tapl", "--lan-addr", "10.200.1.2/24",
              "--wan", "tapw", "--wan-addr", "10.200.2.2/24", "--route", "10.200.3.0/24", "via",
              "10.200.9.1"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "wirestack router: --route gateway 10.200.9.1 is not on a connected subnet (try "
            "'wirestack router --help')\n");
}

}  // namespace
}  // namespace ws::test
