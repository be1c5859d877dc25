// Scenario tests on the simulated ping topology: client - lan switch - r1 - wan - r2 - server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_env.h"
#include "wirestack/internet/ping_client.h"
#include "wirestack/sim/ping_topology.h"
#include "wirestack/trace/jsonl_renderer.h"
#include "wirestack/wire/icmp.h"

namespace ws {
namespace {

namespace fs = std::filesystem;
using sim::PingTopology;
using sim::PingTopologyOptions;

struct PingRun {
  std::vector<PingRecord> records;
  PingStats stats;
  std::vector<IcmpEvent> icmp_events;
  std::string events_jsonl;
};

class IcmpCollector final : public EventSink {
 public:
  void on_event(const Event& e) override {
    if (const auto* icmp = std::get_if<IcmpEvent>(&e.data)) events.push_back(*icmp);
  }
  std::vector<IcmpEvent> events;
};

// Pings `dst` from the client; captures go to `pcap_dir` when it is not empty.
PingRun run_ping(Ipv4Address dst, PingTopologyOptions topo_options, std::uint8_t ttl = 64,
                 std::uint32_t count = 4, const fs::path& pcap_dir = {}) {
  PingTopology topo(topo_options);
  if (!pcap_dir.empty()) {
    EXPECT_TRUE(topo.sim().capture_links(pcap_dir).ok());
  }
  const fs::path events_path = fs::temp_directory_path() / ("ws-events-" + std::to_string(::getpid()));
  std::FILE* events_file = std::fopen(events_path.c_str(), "w");
  JsonlRenderer jsonl(events_file);
  IcmpCollector icmp;
  EventFanout sinks;
  sinks.add(&jsonl);
  sinks.add(&icmp);
  topo.set_event_sink(&sinks);

  PingConfig config;
  config.dst = dst;
  config.ttl = ttl;
  config.count = count;
  PingClient client(topo.client(), config);
  topo.client_node().add_app(client);
  topo.sim().run_while([&] { return !client.done(); }, Instant::epoch() + Duration::seconds(60));
  EXPECT_TRUE(client.done());
  if (!pcap_dir.empty()) {
    EXPECT_TRUE(topo.sim().flush_captures().ok());
  }
  std::fclose(events_file);

  PingRun run{client.records(), client.stats(), icmp.events, ""};
  std::ifstream in(events_path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  run.events_jsonl = buffer.str();
  fs::remove(events_path);
  return run;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(PingScenario, PingAcrossTwoRoutersGetsEveryReply) {
  const auto run = run_ping(PingTopology::kServer, {});
  EXPECT_EQ(run.stats.transmitted, 4u);
  EXPECT_EQ(run.stats.received, 4u);
  for (const auto& r : run.records) {
    EXPECT_EQ(r.kind, PingRecord::Kind::kReply);
    EXPECT_EQ(r.from, PingTopology::kServer);
  }
}

TEST(PingScenario, TtlFallsByOnePerRouter) {
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed";
  const auto dir = test::scratch_dir("PingScenario.TtlFallsByOnePerRouter");
  const auto run = run_ping(PingTopology::kServer, {}, 64, 1, dir);
  ASSERT_EQ(run.records.size(), 1u);
  EXPECT_EQ(run.records[0].ttl, 62);  // the server's 64, minus r2, minus r1
  // The request as each link carries it: 64 on the LAN, 63 past r1, 62 past r2.
  const auto ttl_of_request = [&](const char* link) {
    auto lines = test::tshark_fields(dir / (std::string(link) + ".pcap"), {"ip.ttl"},
                                     "icmp.type == 8");
    return lines.empty() ? std::string() : lines[0];
  };
  EXPECT_EQ(ttl_of_request("lan-p0"), "64");
  EXPECT_EQ(ttl_of_request("wan"), "63");
  EXPECT_EQ(ttl_of_request("dc"), "62");
}

TEST(PingScenario, TtlOneIsAnsweredByFirstRouterWithTimeExceeded) {
  const auto run = run_ping(PingTopology::kServer, {}, 1, 1);
  ASSERT_EQ(run.records.size(), 1u);
  EXPECT_EQ(run.records[0].kind, PingRecord::Kind::kError);
  EXPECT_EQ(run.records[0].icmp_type, icmp_type::kTimeExceeded);
  EXPECT_EQ(run.records[0].from, Ipv4Address::of(192, 168, 1, 1));
  EXPECT_EQ(run.stats.received, 0u);
}

TEST(PingScenario, TtlTwoIsAnsweredBySecondRouterFromItsIncomingInterface) {
  const auto run = run_ping(PingTopology::kServer, {}, 2, 1);
  ASSERT_EQ(run.records.size(), 1u);
  EXPECT_EQ(run.records[0].kind, PingRecord::Kind::kError);
  EXPECT_EQ(run.records[0].icmp_type, icmp_type::kTimeExceeded);
  EXPECT_EQ(run.records[0].from, Ipv4Address::of(198, 51, 100, 2));
}

TEST(PingScenario, AddressNobodyOwnsEndsInHostUnreachableAfterArpRetries) {
  const Ipv4Address nobody = Ipv4Address::of(203, 0, 113, 99);
  const auto run = run_ping(nobody, {}, 64, 1);
  ASSERT_EQ(run.records.size(), 1u);
  EXPECT_EQ(run.records[0].kind, PingRecord::Kind::kError);
  EXPECT_EQ(run.records[0].icmp_type, icmp_type::kDestUnreachable);
  EXPECT_EQ(run.records[0].icmp_code, icmp_unreach::kHost);
  // Like Linux, the error comes from the address of the interface it leaves by: r2's wan side.
  EXPECT_EQ(run.records[0].from, Ipv4Address::of(198, 51, 100, 2));
  // r2 asked more than once before giving up.
  const auto requests = [&] {
    std::size_t n = 0, at = 0;
    const std::string needle = "Request who-has 203.0.113.99";
    while ((at = run.events_jsonl.find(needle, at)) != std::string::npos) ++n, ++at;
    return n;
  }();
  EXPECT_GE(requests, 2u * 3u);  // each request appears as a frame event and in the summary line
}

TEST(PingScenario, LanCarriesTwoArpFramesNotFour) {
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed";
  const auto dir = test::scratch_dir("PingScenario.LanCarriesTwoArpFramesNotFour");
  run_ping(PingTopology::kServer, {}, 64, 4, dir);
  // The client asks for its gateway; r1 learns the client from that request (RFC 826 merge
  // rule) and so never asks back.
  const auto arp = test::tshark_fields(dir / "lan-p0.pcap", {"arp.opcode"}, "arp");
  ASSERT_EQ(arp.size(), 2u);
  EXPECT_EQ(arp[0], "1");
  EXPECT_EQ(arp[1], "2");
}

TEST(PingScenario, EveryCaptureIsCleanUnderTsharkChecksumValidation) {
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed";
  const auto dir = test::scratch_dir("PingScenario.EveryCaptureIsClean");
  PingTopologyOptions options;
  options.seed = 9;
  options.wan_faults.loss = 0.2;
  run_ping(PingTopology::kServer, options, 64, 10, dir);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(test::tshark_validate(entry.path()), "") << entry.path();
  }
  EXPECT_EQ(files, 4u);
}

TEST(PingScenario, SameSeedGivesByteIdenticalCapturesAndEvents) {
  PingTopologyOptions options;
  options.seed = 42;
  options.wan_faults.loss = 0.1;
  const auto a_dir = test::scratch_dir("PingScenario.SameSeed.a");
  const auto b_dir = test::scratch_dir("PingScenario.SameSeed.b");
  const auto a = run_ping(PingTopology::kServer, options, 64, 20, a_dir);
  const auto b = run_ping(PingTopology::kServer, options, 64, 20, b_dir);
  EXPECT_EQ(a.events_jsonl, b.events_jsonl);
  EXPECT_FALSE(a.events_jsonl.empty());
  for (const char* link : {"lan-p0", "lan-p1", "wan", "dc"}) {
    const std::string name = std::string(link) + ".pcap";
    EXPECT_EQ(read_file(a_dir / name), read_file(b_dir / name)) << name;
  }
}

TEST(PingScenario, DifferentSeedWithLossGivesDifferentRunStillAccountedFor) {
  PingTopologyOptions options;
  options.wan_faults.loss = 0.25;
  options.seed = 1;
  const auto a = run_ping(PingTopology::kServer, options, 64, 20);
  options.seed = 2;
  const auto b = run_ping(PingTopology::kServer, options, 64, 20);
  EXPECT_NE(a.events_jsonl, b.events_jsonl);
  for (const auto* run : {&a, &b}) {
    EXPECT_EQ(run->stats.transmitted, 20u);
    EXPECT_LT(run->stats.received, 20u);  // 25% loss per direction over 20 round trips
    EXPECT_GT(run->stats.received, 0u);
  }
}

}  // namespace
}  // namespace ws
