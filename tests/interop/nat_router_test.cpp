// `wirestack router --nat` between two Linux namespaces: a client namespace (10.200.1.1, default
// route via our router's 10.200.1.2) reaches a server namespace (10.200.2.1, no route back to
// the client's network) only through our NAT, which shows it our outside address 10.200.2.2.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {
namespace {

class NatRouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WS_REQUIRE_INTEROP("nc");
    dir_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    router_ns_ = std::make_unique<Netns>();
    client_ = std::make_unique<Netns>();
    server_ = std::make_unique<Netns>();
    // Both taps are opened in the router's namespace, then moved to the namespaces they serve
    // (the open descriptors stay attached; a moved device arrives down, so configure after).
    router_ns_->add_tap("tapl");
    router_ns_->add_tap("tapw");
    router_ns_->set_up("tapl");
    router_ns_->set_up("tapw");
    router_ = std::make_unique<Spawned>(
        *router_ns_,
        std::vector<std::string>{wirestack_binary().string(), "router", "--lan", "tapl",
                                 "--lan-addr", "10.200.1.2/24", "--wan", "tapw", "--wan-addr",
                                 "10.200.2.2/24", "--nat", "--seed", "5"});
    ASSERT_TRUE(router_ns_->wait_carrier("tapl") && router_ns_->wait_carrier("tapw"))
        << router_->output();
    router_ns_->move("tapl", *client_);
    router_ns_->move("tapw", *server_);
    client_->configure("tapl", "10.200.1.1/24");
    client_->must({"ip", "route", "add", "default", "via", "10.200.1.2"});
    server_->configure("tapw", "10.200.2.1/24");
    ASSERT_TRUE(client_->wait_carrier("tapl") && server_->wait_carrier("tapw"));
  }
  void TearDown() override {
    router_.reset();
    server_.reset();
    client_.reset();
    router_ns_.reset();
  }

  std::string stop_router() {
    EXPECT_EQ(router_->stop(), 0) << router_->output();
    return router_->output();
  }

  std::filesystem::path dir_;
  std::unique_ptr<Netns> router_ns_, client_, server_;
  std::unique_ptr<Spawned> router_;
};

TEST_F(NatRouterTest, CurlThroughNatSucceedsAndTheServerSeesOnlyTheOutsideAddress) {
  WS_REQUIRE_INTEROP("curl", "tcpdump", "python3");
  std::ofstream(dir_ / "index.html") << "served behind wirestack's NAT\n";
  Spawned tcpdump(*server_, {"tcpdump", "-Z", "root", "--immediate-mode", "-n", "-U", "-i", "tapw",
                             "-w", (dir_ / "wan.pcap").string(), "ip"});
  ASSERT_TRUE(tcpdump.wait_for_output("listening on")) << tcpdump.output();
  Spawned web(*server_, {"python3", "-u", "-m", "http.server", "--bind", "10.200.2.1",
                         "--directory", dir_.string(), "8000"});
  ASSERT_TRUE(web.wait_for_output("Serving HTTP", 10000)) << web.output();
  const CommandResult curl = client_->run(
      {"curl", "-sS", "--max-time", "10", "--retry", "2", "http://10.200.2.1:8000/index.html"}, 20);
  EXPECT_EQ(curl.exit_code, 0) << curl.err;
  EXPECT_EQ(curl.out, "served behind wirestack's NAT\n");
  // The server logged the request as coming from our outside address.
  EXPECT_NE(web.output().find("10.200.2.2 - -"), std::string::npos) << web.output();
  web.stop();
  tcpdump.stop();
  // Every IP datagram on the server's link is between it and the router's outside address.
  const CommandResult read = server_->run({"tcpdump", "-n", "-r", (dir_ / "wan.pcap").string()});
  std::set<std::string> addresses;
  const std::regex ip(R"((\d+\.\d+\.\d+\.\d+)(\.\d+)?)");
  for (std::sregex_iterator it(read.out.begin(), read.out.end(), ip), end; it != end; ++it) {
    addresses.insert((*it)[1]);
  }
  EXPECT_EQ(addresses, (std::set<std::string>{"10.200.2.1", "10.200.2.2"}))
      << read.out << read.err << tcpdump.output();
  const std::string log = stop_router();
  EXPECT_NE(log.find("tcp      6"), std::string::npos) << log;  // conntrack -L line
  EXPECT_NE(log.find("src=10.200.1.1 dst=10.200.2.1"), std::string::npos) << log;
}

TEST_F(NatRouterTest, TracepathShowsTheRouterAsTheFirstHop) {
  WS_REQUIRE_INTEROP("tracepath");
  const CommandResult r = client_->run({"tracepath", "-n", "-m", "5", "10.200.2.1"}, 20);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n\s*1:\s+10\.200\.1\.2\s)"))) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\n\s*2:\s+10\.200\.2\.1\s)"))) << r.out;
  EXPECT_NE(r.out.find("hops 2"), std::string::npos) << r.out;
}

TEST_F(NatRouterTest, AnUnsolicitedConnectionFromOutsideIsNotLetIn) {
  Spawned listener(*client_, {"nc", "-l", "-k", "10.200.1.1", "9000"});
  ASSERT_TRUE(listener.running());
  // The outside knows only the router's address: nothing maps port 9000 to the client.
  const CommandResult r = server_->run({"nc", "-z", "-w", "2", "10.200.2.2", "9000"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  // The client itself can still go out (so the NAT is working, just not letting that in).
  const CommandResult ping = client_->run({"ping", "-c", "1", "-W", "2", "10.200.2.1"});
  EXPECT_EQ(ping.exit_code, 0) << ping.out;
  const std::string log = stop_router();
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(\n\s*[1-9]\d* unsolicited inbound dropped)")))
      << log;
}

}  // namespace
}  // namespace ws::test
