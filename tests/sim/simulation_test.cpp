#include "wirestack/sim/simulation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/raw_frames.h"
#include "support/test_env.h"
#include "wirestack/link/pcap/pcap_reader.h"

namespace ws::sim {
namespace {

using test::ethernet_frame;
using test::mac;

constexpr Instant kT0 = Instant::epoch();

Instant at_ms(std::int64_t ms) {
  return kT0 + Duration::millis(ms);
}

// A host stand-in with MAC 02::<id> and IP 10.0.0.<id>: sends what it is told at the planned
// times (an ICMP echo request to a unicast MAC, an ARP request to broadcast), answers echo
// requests addressed to it when `echo`, and logs what it receives.
class TestNode final : public SimNode {
 public:
  TestNode(std::string name, std::uint8_t id, std::vector<std::string>& log)
      : name_(std::move(name)), id_(id), log_(log) {}

  void use(Device& device) { device_ = &device; }
  void send_at(Instant t, MacAddress dst) { plan_.push_back({t, dst}); }
  bool echo = false;
  int polls = 0;

  std::string_view name() const override { return name_; }
  void poll(Instant now) override {
    ++polls;
    while (auto f = device_->receive(now)) {
      const MacAddress src = MacAddress::from_bytes(f->data() + 6);
      log_.push_back(std::to_string(now.nanos()) + " " + name_ + " <- " + src.to_string());
      const bool echo_request =
          f->size() > 34 && load_be16(f->data() + 12) == 0x0800 && (*f)[34] == test::kEchoRequest;
      if (echo && echo_request && MacAddress::from_bytes(f->data()) == mac(id_)) {
        device_->transmit(now, test::icmp_echo(src, mac(id_), ip(id_), ip(src.bytes()[5]), 1, 1, 18,
                                               test::kEchoReply));
      }
    }
    while (!plan_.empty() && plan_.front().first <= now) {
      const MacAddress dst = plan_.front().second;
      plan_.erase(plan_.begin());
      device_->transmit(now, dst.is_broadcast() ? test::arp_request(mac(id_), ip(id_), ip(99))
                                                : test::icmp_echo(dst, mac(id_), ip(id_),
                                                                  ip(dst.bytes()[5]), 1, 1, 18));
    }
  }
  std::optional<Instant> poll_at() const override {
    if (plan_.empty()) return std::nullopt;
    return plan_.front().first;
  }

 private:
  static Ipv4Address ip(std::uint8_t id) { return Ipv4Address::of(10, 0, 0, id); }

  std::string name_;
  std::uint8_t id_;
  std::vector<std::string>& log_;
  Device* device_ = nullptr;
  std::vector<std::pair<Instant, MacAddress>> plan_;
};

TEST(Simulation, DeliversAtExactVirtualTimesAndPollsOnlyWhoIsDue) {
  std::vector<std::string> log;
  Simulation sim;
  TestNode a("a", 1, log), b("b", 2, log), idle("idle", 3, log);
  Link& link =
      sim.add_link("a-b", LinkConfig{.latency = Duration::millis(1), .bits_per_second = 8'000'000});
  a.use(link.a());
  b.use(link.b());
  b.echo = true;
  for (TestNode* n : {&a, &b, &idle}) sim.add_node(*n);
  sim.attach(a, link.a());
  sim.attach(b, link.b());
  a.send_at(at_ms(10), mac(2));

  EXPECT_EQ(sim.run_until_idle(at_ms(1000)), RunStatus::kIdle);
  // 60 bytes at 8 Mbit/s = 60 us, plus 1 ms, each way.
  EXPECT_EQ(log, (std::vector<std::string>{"11060000 b <- 02:00:00:00:00:01",
                                           "12120000 a <- 02:00:00:00:00:02"}));
  EXPECT_EQ(sim.now(), kT0 + Duration::micros(12120));
  EXPECT_EQ(a.polls, 2);
  EXPECT_EQ(b.polls, 1);
  EXPECT_EQ(idle.polls, 0);
}

TEST(Simulation, RunUntilStopsAtTheDeadlineAndResumes) {
  std::vector<std::string> log;
  Simulation sim;
  TestNode a("a", 1, log), b("b", 2, log);
  Link& link = sim.add_link("a-b", LinkConfig{.latency = Duration::millis(5)});
  a.use(link.a());
  b.use(link.b());
  sim.add_node(a);
  sim.add_node(b);
  sim.attach(b, link.b());
  a.send_at(at_ms(1), mac(2));
  EXPECT_EQ(sim.run_until(at_ms(5)), RunStatus::kReachedTime);
  EXPECT_EQ(sim.now(), at_ms(5));
  EXPECT_TRUE(log.empty());
  // Planned between runs: picked up by the next run.
  a.send_at(at_ms(7), mac(2));
  EXPECT_EQ(sim.run_for(Duration::millis(10)), RunStatus::kReachedTime);
  EXPECT_EQ(sim.now(), at_ms(15));
  EXPECT_EQ(log, (std::vector<std::string>{"6000000 b <- 02:00:00:00:00:01",
                                           "12000000 b <- 02:00:00:00:00:01"}));
}

TEST(Simulation, RunWhileStopsWhenThePredicateTurnsFalse) {
  std::vector<std::string> log;
  Simulation sim;
  TestNode a("a", 1, log), b("b", 2, log);
  Link& link = sim.add_link("a-b", LinkConfig{.latency = Duration::millis(1)});
  a.use(link.a());
  b.use(link.b());
  sim.add_node(a);
  sim.add_node(b);
  sim.attach(b, link.b());
  for (int i = 0; i < 100; ++i) a.send_at(at_ms(i), mac(2));
  EXPECT_EQ(sim.run_while([&] { return log.size() < 5; }, at_ms(1000)), RunStatus::kStopped);
  EXPECT_EQ(log.size(), 5u);
  EXPECT_EQ(sim.now(), at_ms(5));
  EXPECT_EQ(sim.run_until_idle(at_ms(20)), RunStatus::kReachedTime);
  EXPECT_EQ(log.size(), 20u);
}

TEST(Simulation, CallAtRunsScriptedActionsInOrder) {
  std::vector<std::string> log;
  Simulation sim;
  TestNode a("a", 1, log), b("b", 2, log);
  Link& link = sim.add_link("a-b", LinkConfig{.latency = Duration::zero()});
  a.use(link.a());
  b.use(link.b());
  sim.add_node(a);
  sim.add_node(b);
  sim.attach(b, link.b());
  std::vector<std::int64_t> ran;
  sim.call_at(at_ms(3), [&](Instant t) { ran.push_back(t.nanos()); });
  sim.call_at(at_ms(2), [&](Instant t) {
    ran.push_back(t.nanos());
    a.send_at(t, mac(2));  // the node's new plan is honoured at once
  });
  EXPECT_EQ(sim.run_until_idle(at_ms(100)), RunStatus::kIdle);
  EXPECT_EQ(ran, (std::vector<std::int64_t>{2'000'000, 3'000'000}));
  EXPECT_EQ(log, (std::vector<std::string>{"2000000 b <- 02:00:00:00:00:01"}));
}

TEST(Simulation, ReportsALivelockInsteadOfHanging) {
  struct Busy final : SimNode {
    std::string_view name() const override { return "busy"; }
    void poll(Instant) override {}
    std::optional<Instant> poll_at() const override { return Instant::epoch(); }
  } busy;
  Simulation sim;
  sim.add_node(busy);
  EXPECT_EQ(sim.run_until(at_ms(1)), RunStatus::kLivelock);
  EXPECT_STREQ(to_string(RunStatus::kLivelock), "livelock");
}

// Four hosts on a switch: 1 pings 2, 3 pings 4, then 1 broadcasts an ARP request. Returns the
// log and the switch's table.
std::vector<std::string> switched_lan_run(const std::filesystem::path& pcap_dir = {}) {
  std::vector<std::string> log;
  Simulation sim;
  Switch& sw = sim.add_switch("sw0");
  std::vector<std::unique_ptr<TestNode>> hosts;
  for (std::uint8_t i = 1; i <= 4; ++i) {
    hosts.push_back(std::make_unique<TestNode>("h" + std::to_string(i), i, log));
    LinkEnd& end = sim.connect_port(
        sw, LinkConfig{.latency = Duration::micros(50 * i), .bits_per_second = 100'000'000});
    hosts.back()->use(end);
    hosts.back()->echo = true;
    sim.add_node(*hosts.back());
    sim.attach(*hosts.back(), end);
  }
  if (!pcap_dir.empty()) {
    EXPECT_TRUE(sim.capture_links(pcap_dir).ok());
  }
  hosts[0]->send_at(at_ms(1), mac(2));
  hosts[2]->send_at(at_ms(1), mac(4));
  hosts[0]->send_at(at_ms(2), MacAddress::broadcast());
  EXPECT_EQ(sim.run_until_idle(at_ms(100)), RunStatus::kIdle);
  log.push_back(sw.mac_table(sim.now()));
  return log;
}

TEST(Simulation, SwitchedLanIsDeterministic) {
  const auto first = switched_lan_run();
  EXPECT_EQ(first, switched_lan_run());
  // Unknown unicast and broadcast are flooded; the replies, to learned addresses, are not.
  const auto count = [&](const std::string& needle) {
    return std::count_if(first.begin(), first.end(),
                         [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  };
  EXPECT_EQ(first.size(), 12u);
  EXPECT_EQ(count(" h1 <- 02:00:00:00:00:02"), 1);  // the reply only
  EXPECT_EQ(count(" h3 <- 02:00:00:00:00:04"), 1);
  EXPECT_EQ(count(" h4 <- 02:00:00:00:00:01"), 2);  // the flooded request and the broadcast
  EXPECT_EQ(count(" h2 <- 02:00:00:00:00:03"), 1);
  EXPECT_EQ(first.back(),
            "02:00:00:00:00:01 dev p0 master sw0 used 0/0\n"
            "02:00:00:00:00:02 dev p1 master sw0 used 0/0\n"
            "02:00:00:00:00:03 dev p2 master sw0 used 0/0\n"
            "02:00:00:00:00:04 dev p3 master sw0 used 0/0\n");
}

TEST(Simulation, CapturesEachLinkToItsOwnPcap) {
  const auto dir = test::scratch_dir("sim_capture_links");
  switched_lan_run(dir);
  std::size_t total = 0;
  for (int port = 0; port < 4; ++port) {
    const auto path = dir / ("sw0-p" + std::to_string(port) + ".pcap");
    auto reader = PcapReader::open(path.string());
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    while (true) {
      auto next = reader->next();
      ASSERT_TRUE(next.ok());
      if (!next->has_value()) break;
      ++total;
    }
  }
  // Into the switch: 3 requests and 2 replies; out: 3 + 3 + 3 flooded copies and 2 replies.
  EXPECT_EQ(total, 16u);
  // Port 0 carries all kinds (ARP, echo request and reply, both directions); tshark is slow.
  if (test::have_tshark()) {
    EXPECT_EQ(test::tshark_validate(dir / "sw0-p0.pcap"), "");
  }
}

TEST(Simulation, CaptureIntoAMissingPlaceIsATypedError) {
  Simulation sim;
  sim.add_link("l");
  auto r = sim.capture_links("/proc/no/such/dir");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, PcapWriteError::Kind::kOpen);
  EXPECT_NE(r.error().message.find("/proc/no/such/dir"), std::string::npos);
}

}  // namespace
}  // namespace ws::sim
