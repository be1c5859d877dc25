// `wirestack router --nat` between two Linux namespaces: a client namespace (10.200.1.1, default
// route via our router's 10.200.1.2) reaches a server namespace (10.200.2.1, no route back to
// the client's network) only through our NAT, which shows it our outside address 10.200.2.2.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>

#include "router_between_namespaces.h"
#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {
namespace {

class NatRouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WS_REQUIRE_INTEROP("nc");
    dir_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // No route back to the client's network in the server namespace: only the NAT gets there.
    net_ = std::make_unique<RouterBetweenNamespaces>(std::vector<std::string>{"--nat"});
    ASSERT_TRUE(net_->ready()) << net_->router().output();
  }
  void TearDown() override { net_.reset(); }

  const Netns& client() const { return net_->client(); }
  const Netns& server() const { return net_->server(); }
  std::string stop_router() { return net_->stop(); }

  std::filesystem::path dir_;
  std::unique_ptr<RouterBetweenNamespaces> net_;
};

TEST_F(NatRouterTest, CurlThroughNatSucceedsAndTheServerSeesOnlyTheOutsideAddress) {
  WS_REQUIRE_INTEROP("curl", "tcpdump", "python3");
  const FetchSeenByServer seen =
      net_->fetch_seen_by_server(dir_, "served behind wirestack's NAT\n");
  EXPECT_EQ(seen.curl.exit_code, 0) << seen.curl.err;
  EXPECT_EQ(seen.curl.out, "served behind wirestack's NAT\n");
  // The server logged the request as coming from our outside address.
  EXPECT_NE(seen.server_log.find("10.200.2.2 - -"), std::string::npos) << seen.server_log;
  // Every IP datagram on the server's link is between it and the router's outside address.
  EXPECT_EQ(seen.wan_addresses, (std::set<std::string>{"10.200.2.1", "10.200.2.2"}))
      << seen.wan_capture;
  const std::string log = stop_router();
  EXPECT_NE(log.find("tcp      6"), std::string::npos) << log;  // conntrack -L line
  EXPECT_NE(log.find("src=10.200.1.1 dst=10.200.2.1"), std::string::npos) << log;
}

TEST_F(NatRouterTest, TracepathShowsTheRouterAsTheFirstHop) {
  WS_REQUIRE_INTEROP("tracepath");
  const CommandResult r = client().run({"tracepath", "-n", "-m", "5", "10.200.2.1"}, 20);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n\s*1:\s+10\.200\.1\.2\s)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n\s*2:\s+10\.200\.2\.1\s)"))) << r.out;
  EXPECT_NE(r.out.find("hops 2"), std::string::npos) << r.out;
}

// Linux fragments 3000-byte pings on a 1500-byte link; the NAT reassembles each datagram to
// find its ICMP identifier, translates it and fragments it again (RFC 4787 REQ-14).
TEST_F(NatRouterTest, FragmentedPingsCrossTheNatBothWays) {
  const CommandResult r =
      client().run({"ping", "-c", "3", "-i", "0.2", "-W", "2", "-s", "3000", "10.200.2.1"}, 15);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 received"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3008 bytes from 10.200.2.1"), std::string::npos) << r.out;
  const std::string log = stop_router();
  // Six datagrams of three fragments each: three requests and three replies.
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(\n\s*6 packets reassembled ok)"))) << log;
}

TEST_F(NatRouterTest, AnUnsolicitedConnectionFromOutsideIsNotLetIn) {
  Spawned listener(client(), {"nc", "-l", "-k", "10.200.1.1", "9000"});
  ASSERT_TRUE(listener.running());
  // The outside knows only the router's address: nothing maps port 9000 to the client.
  const CommandResult r = server().run({"nc", "-z", "-w", "2", "10.200.2.2", "9000"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  // The client itself can still go out (so the NAT is working, just not letting that in).
  const CommandResult ping = client().run({"ping", "-c", "1", "-W", "2", "10.200.2.1"});
  EXPECT_EQ(ping.exit_code, 0) << ping.out;
  const std::string log = stop_router();
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(\n\s*[1-9]\d* unsolicited inbound dropped)")))
      << log;
}

}  // namespace
}  // namespace ws::test
