// wirestack's clients on a tap against Linux servers in the namespace: `wirestack fetch` from
// python3's http.server, `wirestack dig` and fetch's name lookups through dnsmasq.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>
#include <string>

#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {
namespace {

class LinuxServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WS_REQUIRE_INTEROP("python3", "dnsmasq", "sha256sum");
    dir_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "www");
    std::mt19937_64 random(9);
    std::ofstream file(dir_ / "www" / "data.bin", std::ios::binary);
    for (int i = 0; i < 3'000'000 / 8; ++i) {
      const std::uint64_t v = random();
      file.write(reinterpret_cast<const char*>(&v), 8);
    }
    file.close();
    ns_.add_tap("tap0");
    ns_.configure("tap0", "10.200.0.1/24");
    web_ = std::make_unique<Spawned>(
        ns_, std::vector<std::string>{"python3", "-u", "-m", "http.server", "--bind", "10.200.0.1",
                                      "--directory", (dir_ / "www").string(), "8000"});
    dns_ = std::make_unique<Spawned>(
        ns_,
        std::vector<std::string>{"dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv",
                                 "--no-hosts", "--bind-interfaces", "--listen-address=10.200.0.1",
                                 "--pid-file=", "--host-record=files.test,10.200.0.1",
                                 "--local=/test/", "--log-queries"});
    ASSERT_TRUE(web_->wait_for_output("Serving HTTP", 10000)) << web_->output();
    ASSERT_TRUE(dns_->wait_for_output("started", 10000)) << dns_->output();
  }

  std::string sha256_of(const std::filesystem::path& file) {
    return ns_.run({"sha256sum", file.string()}).out.substr(0, 64);
  }

  Netns ns_;
  std::filesystem::path dir_;
  std::unique_ptr<Spawned> web_;
  std::unique_ptr<Spawned> dns_;
};

TEST_F(LinuxServersTest, FetchFromLinuxHttpServerGivesIdenticalBytes) {
  const auto got = dir_ / "got.bin";
  const CommandResult r =
      ns_.run({wirestack_binary().string(), "fetch", "http://10.200.0.1:8000/data.bin", "--tap",
               "tap0", "--addr", "10.200.0.2/24", "-o", got.string(), "--seed", "4"},
              40);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("HTTP 200 OK, 3000000 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(sha256_of(got), sha256_of(dir_ / "www" / "data.bin"));
  EXPECT_NE(web_->output().find("\"GET /data.bin HTTP/1.1\" 200"), std::string::npos)
      << web_->output();
}

TEST_F(LinuxServersTest, FetchResolvesTheNameThroughDnsmasq) {
  const CommandResult r = ns_.run(
      {wirestack_binary().string(), "fetch", "http://files.test:8000/data.bin", "--tap", "tap0",
       "--addr", "10.200.0.2/24", "--dns", "10.200.0.1", "-o", (dir_ / "got.bin").string()},
      40);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("files.test is 10.200.0.1"), std::string::npos) << r.err;
  EXPECT_NE(dns_->output().find("query[A] files.test from 10.200.0.2"), std::string::npos)
      << dns_->output();
}

TEST_F(LinuxServersTest, A404IsReportedWithExitCode1) {
  const CommandResult r =
      ns_.run({wirestack_binary().string(), "fetch", "http://10.200.0.1:8000/missing", "--tap",
               "tap0", "--addr", "10.200.0.2/24"},
              40);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r.err;
}

TEST_F(LinuxServersTest, WirestackDigResolvesThroughDnsmasq) {
  const CommandResult r = ns_.run({wirestack_binary().string(), "dig", "files.test", "A",
                                   "@10.200.0.1", "--tap", "tap0", "--addr", "10.200.0.2/24"},
                                  40);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("status: NOERROR"), std::string::npos) << r.out;
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(\nfiles\.test\.\s+\d+\s+IN\s+A\s+10\.200\.0\.1\n)")))
      << r.out;
  EXPECT_NE(r.out.find(";; SERVER: 10.200.0.1#53"), std::string::npos) << r.out;
  EXPECT_NE(dns_->output().find("query[A] files.test from 10.200.0.2"), std::string::npos)
      << dns_->output();
  const CommandResult missing =
      ns_.run({wirestack_binary().string(), "dig", "nowhere.test", "--dns", "10.200.0.1", "--tap",
               "tap0", "--addr", "10.200.0.2/24"},
              40);
  EXPECT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_NE(missing.out.find("status: NXDOMAIN"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace ws::test
