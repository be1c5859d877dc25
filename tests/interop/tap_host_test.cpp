// Linux as the peer of one wirestack host (`wirestack up`) on a tap in a throw-away network
// namespace: ping (the kernel's own counters are the checksum oracle), fragmented ping both
// ways, nc against our echo and discard services with half-close, dig against our zone.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "support/netns.h"
#include "support/test_env.h"
#include "wirestack_on_tap.h"

namespace ws::test {
namespace {

constexpr const char* kZone =
    "$ORIGIN example.test.\n"
    "$TTL 300\n"
    "@   IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
    "    IN NS ns1\n"
    "ns1 IN A 10.200.0.2\n"
    "www IN A 10.200.0.80\n"
    "www IN A 10.200.0.81\n"
    "alias IN CNAME www\n";

// Kernel counters (`nstat`), keyed by name.
std::map<std::string, long> nstat(const Netns& ns) {
  std::map<std::string, long> counters;
  std::istringstream lines(ns.run({"nstat", "-az"}).out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string name;
    long value = 0;
    if (fields >> name >> value) counters[name] = value;
  }
  return counters;
}

class TapHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WS_REQUIRE_INTEROP("nstat", "ping");
    dir_ = scratch_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(dir_ / "zone.txt") << kZone;
    tap_ = std::make_unique<WirestackOnTap>(
        std::vector<std::string>{"--dns-zone", (dir_ / "zone.txt").string(), "--pcap",
                                 (dir_ / "tap0.pcap").string(), "--seed", "7"});
    ns_ = &tap_->ns();
    ASSERT_TRUE(tap_->ready()) << tap_->host().output();
  }
  void TearDown() override { tap_.reset(); }

  std::string stop_host() { return tap_->stop(); }

  std::filesystem::path dir_;
  std::unique_ptr<WirestackOnTap> tap_;
  const Netns* ns_ = nullptr;
};

TEST_F(TapHostTest, LinuxPingGetsRepliesWhoseChecksumsTheKernelAccepts) {
  ns_->run({"nstat", "-n"});  // reset the history, so -a below is absolute anyway
  const auto before = nstat(*ns_);
  const CommandResult ping = ns_->run({"ping", "-c", "5", "-i", "0.2", "-W", "2", "10.200.0.2"});
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
  EXPECT_NE(ping.out.find("5 received"), std::string::npos) << ping.out;
  const auto after = nstat(*ns_);
  EXPECT_EQ(after.at("IcmpInEchoReps") - before.at("IcmpInEchoReps"), 5);
  for (const char* bad : {"IcmpInCsumErrors", "IcmpInErrors", "IpInHdrErrors"}) {
    EXPECT_EQ(after.at(bad) - before.at(bad), 0) << bad;
  }
  const std::string out = stop_host();
  EXPECT_NE(out.find("stopped (signal)"), std::string::npos) << out;
  EXPECT_NE(out.find("echo replies: 5"), std::string::npos) << out;
  if (have_tshark()) {
    EXPECT_EQ(tshark_validate(dir_ / "tap0.pcap"), "");
  }
}

TEST_F(TapHostTest, PingOf3000BytesIsFragmentedAndReassembledBothWays) {
  const auto before = nstat(*ns_);
  const CommandResult ping =
      ns_->run({"ping", "-c", "3", "-i", "0.2", "-W", "2", "-s", "3000", "10.200.0.2"});
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
  EXPECT_NE(ping.out.find("3 received"), std::string::npos) << ping.out;
  EXPECT_NE(ping.out.find("3008 bytes from 10.200.0.2"), std::string::npos) << ping.out;
  const auto after = nstat(*ns_);
  // The kernel reassembled our fragmented replies (3 datagrams of 3 fragments each)...
  EXPECT_EQ(after.at("IpReasmOKs") - before.at("IpReasmOKs"), 3);
  EXPECT_EQ(after.at("IpReasmFails") - before.at("IpReasmFails"), 0);
  EXPECT_EQ(after.at("IcmpInCsumErrors") - before.at("IcmpInCsumErrors"), 0);
  // ...and we reassembled its fragmented requests.
  const std::string out = stop_host();
  EXPECT_NE(out.find("3 packets reassembled ok"), std::string::npos) << out;
  if (have_tshark()) {
    EXPECT_EQ(tshark_validate(dir_ / "tap0.pcap"), "");
    // Fragments with more-fragments set: two of each of the three datagrams, each direction.
    std::map<std::string, int> first_fragments;
    for (const auto& line :
         tshark_fields(dir_ / "tap0.pcap", {"ip.src"}, "ip.flags.mf==1", {"ip.defragment:FALSE"})) {
      ++first_fragments[line];
    }
    EXPECT_EQ(first_fragments, (std::map<std::string, int>{{"10.200.0.1", 6}, {"10.200.0.2", 6}}));
  }
}

TEST_F(TapHostTest, NcGetsItsBytesBackFromEchoThroughHalfClose) {
  WS_REQUIRE_INTEROP("nc", "cmp");
  // nc -N shuts its sending side at end of input and reads on until our FIN: the echo must
  // send everything back after the client's FIN, then close.
  const std::string in = (dir_ / "in.bin").string();
  const std::string out = (dir_ / "out.bin").string();
  const CommandResult r =
      ns_->sh("head -c 300000 /dev/urandom > " + in + " && nc -N -w 5 10.200.0.2 7 < " + in +
                  " > " + out + " && cmp " + in + " " + out,
              20);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(std::filesystem::file_size(out), 300000u);
  // UDP echo too.
  const CommandResult udp = ns_->sh("printf 'datagram one' | nc -u -w 1 10.200.0.2 7", 5);
  EXPECT_EQ(udp.out, "datagram one");
  const std::string log = stop_host();
  EXPECT_NE(
      log.find(
          "echo/7: 1 connections (0 refused), 300000 bytes in, 300000 out; 1 datagrams in, 1 out"),
      std::string::npos)
      << log;
  EXPECT_NE(log.find("CLOSE-WAIT -> LAST-ACK"), std::string::npos) << log;
}

TEST_F(TapHostTest, DiscardReadsEverythingAndSendsNothing) {
  WS_REQUIRE_INTEROP("nc");
  const CommandResult r =
      ns_->sh("head -c 1000000 /dev/zero | nc -N -w 5 10.200.0.2 9 | wc -c", 20);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0\n");
  const std::string log = stop_host();
  EXPECT_NE(log.find("discard/9: 1 connections (0 refused), 1000000 bytes in, 0 out"),
            std::string::npos)
      << log;
}

// TSO on the tap (IFF_VNET_HDR): Linux hands over TCP segments of up to 64 KiB with the
// checksum left to finish. The capture shows them as Linux's own tcpdump would, every checksum
// good (we finish it before the capture sees the frame), and every byte reaches the service.
TEST_F(TapHostTest, KernelHandsOverLargeSegmentsWhoseChecksumsWeFinish) {
  WS_REQUIRE_INTEROP("nc");
  const CommandResult r =
      ns_->sh("head -c 4000000 /dev/urandom | nc -N -w 5 10.200.0.2 9 | wc -c", 20);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string log = stop_host();
  EXPECT_NE(log.find("discard/9: 1 connections (0 refused), 4000000 bytes in, 0 out"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("eth0 offload: "), std::string::npos) << log;
  EXPECT_EQ(log.find("eth0 offload: 0 frames"), std::string::npos) << log;
  EXPECT_NE(log.find(", 0 dropped (bad offload header)"), std::string::npos) << log;
  if (have_tshark()) {
    EXPECT_EQ(tshark_validate(dir_ / "tap0.pcap"), "");
    EXPECT_FALSE(tshark_fields(dir_ / "tap0.pcap", {"frame.len"}, "frame.len > 1514").empty());
  }
}

TEST_F(TapHostTest, LinuxDigGetsOurZonesAnswers) {
  WS_REQUIRE_INTEROP("dig");
  const CommandResult a =
      ns_->run({"dig", "+short", "+time=2", "+tries=2", "@10.200.0.2", "www.example.test", "A"});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("10.200.0.80"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("10.200.0.81"), std::string::npos) << a.out;
  const CommandResult alias =
      ns_->run({"dig", "+short", "+time=2", "+tries=2", "@10.200.0.2", "alias.example.test", "A"});
  EXPECT_NE(alias.out.find("www.example.test."), std::string::npos) << alias.out;
  const CommandResult missing =
      ns_->run({"dig", "+time=2", "+tries=2", "@10.200.0.2", "nope.example.test", "A"});
  EXPECT_NE(missing.out.find("status: NXDOMAIN"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find(" aa"), std::string::npos) << missing.out;  // authoritative
}

TEST_F(TapHostTest, SigtermStopsTheHostCleanlyWithItsCounters) {
  const std::string out = stop_host();
  EXPECT_NE(out.find("stopped (signal)"), std::string::npos) << out;
  EXPECT_NE(out.find("eth0 (tap tap0): rx"), std::string::npos) << out;
  EXPECT_NE(out.find("Tcp:"), std::string::npos) << out;
}

// --no-offload: frames arrive as a wire would carry them, none larger than the MTU allows.
TEST(TapHostWithoutOffload, EveryFrameHasWireSize) {
  WS_REQUIRE_INTEROP("nc");
  const auto dir = scratch_dir("no-offload");
  WirestackOnTap tap({"--no-offload", "--pcap", (dir / "tap0.pcap").string(), "--seed", "8"});
  ASSERT_TRUE(tap.ready()) << tap.host().output();
  const CommandResult r =
      tap.ns().sh("head -c 1000000 /dev/urandom | nc -N -w 5 10.200.0.2 9 | wc -c", 20);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string log = tap.stop();
  EXPECT_NE(log.find("1000000 bytes in"), std::string::npos) << log;
  EXPECT_EQ(log.find("eth0 offload:"), std::string::npos) << log;
  if (have_tshark()) {
    EXPECT_FALSE(tshark_fields(dir / "tap0.pcap", {"frame.len"}, "tcp.len > 0").empty());
    EXPECT_TRUE(tshark_fields(dir / "tap0.pcap", {"frame.len"}, "frame.len > 1514").empty());
  }
}

}  // namespace
}  // namespace ws::test
