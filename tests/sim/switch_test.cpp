#include "wirestack/sim/switch.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/raw_frames.h"
#include "wirestack/sim/link.h"

namespace ws::sim {
namespace {

using test::ethernet_frame;
using test::mac;

constexpr Instant kT0 = Instant::epoch();

// A switch with four ports, each cabled to a host end by a zero-latency link.
class SwitchTest : public ::testing::Test {
 protected:
  SwitchTest() : sw_("sw0") {
    for (int i = 0; i < 4; ++i) {
      links_.push_back(std::make_unique<Link>("l" + std::to_string(i),
                                              LinkConfig{.latency = Duration::zero()}, sched_));
      sw_.add_port(links_.back()->a());
    }
  }

  LinkEnd& host(std::size_t i) { return links_[i]->b(); }

  // Host `from` sends a frame from host MAC `from`+1 to `dst`; returns which hosts got it.
  std::vector<std::size_t> send(Instant now, std::size_t from, MacAddress dst) {
    return send_as(now, from, mac(static_cast<std::uint8_t>(from + 1)), dst);
  }
  std::vector<std::size_t> send_as(Instant now, std::size_t from, MacAddress src, MacAddress dst) {
    host(from).transmit(now, ethernet_frame(dst, src, 0x0800, 46));
    sw_.poll(now);
    std::vector<std::size_t> got;
    for (std::size_t i = 0; i < 4; ++i) {
      while (host(i).receive(now)) got.push_back(i);
    }
    return got;
  }

  Scheduler sched_;
  Switch sw_;
  std::vector<std::unique_ptr<Link>> links_;
};

using Ports = std::vector<std::size_t>;

TEST_F(SwitchTest, FloodsUnknownThenForwardsToTheLearnedPortOnly) {
  EXPECT_EQ(send(kT0, 0, mac(2)), (Ports{1, 2, 3}));  // 02::02 unknown: flooded
  EXPECT_EQ(sw_.lookup(mac(1), kT0), 0u);
  EXPECT_EQ(send(kT0, 1, mac(1)), (Ports{0}));  // reply: 02::01 was learned on port 0
  EXPECT_EQ(send(kT0, 0, mac(2)), (Ports{1}));  // now 02::02 is known too
  EXPECT_EQ(sw_.stats().flooded, 1u);
  EXPECT_EQ(sw_.stats().forwarded, 2u);
  EXPECT_EQ(sw_.stats().learned, 2u);
}

TEST_F(SwitchTest, FloodsBroadcastAndMulticastEvenWhenLearned) {
  send(kT0, 1, mac(1));
  EXPECT_EQ(send(kT0, 0, MacAddress::broadcast()), (Ports{1, 2, 3}));
  EXPECT_EQ(send(kT0, 2, MacAddress({0x01, 0x00, 0x5e, 0, 0, 1})), (Ports{0, 1, 3}));
}

TEST_F(SwitchTest, DoesNotSendBackOutOfTheIngressPort) {
  send(kT0, 0, MacAddress::broadcast());  // learns 02::01 on port 0
  // Another station on port 0's segment talks to 02::01: the frame stays there.
  EXPECT_EQ(send_as(kT0, 0, mac(9), mac(1)), Ports{});
  EXPECT_EQ(sw_.stats().filtered, 1u);
}

TEST_F(SwitchTest, ForgetsEntriesAfterTheAgeingTime) {
  send(kT0, 1, MacAddress::broadcast());  // learns 02::02 on port 1 at t0
  const Instant just_before = kT0 + Duration::seconds(300) - Duration::nanos(1);
  EXPECT_EQ(send(just_before, 0, mac(2)), (Ports{1}));
  EXPECT_EQ(sw_.lookup(mac(2), kT0 + Duration::seconds(300)), std::nullopt);
  EXPECT_EQ(send(kT0 + Duration::seconds(300), 0, mac(2)), (Ports{1, 2, 3}));
  // Traffic from the station refreshes (here: relearns) its entry.
  send(kT0 + Duration::seconds(301), 1, MacAddress::broadcast());
  EXPECT_EQ(sw_.stats().aged, 1u);
  EXPECT_EQ(send(kT0 + Duration::seconds(302), 0, mac(2)), (Ports{1}));
}

TEST_F(SwitchTest, RelearnsAStationThatMoved) {
  send(kT0, 0, MacAddress::broadcast());
  send_as(kT0, 3, mac(1), MacAddress::broadcast());  // 02::01 now behind port 3
  EXPECT_EQ(sw_.lookup(mac(1), kT0), 3u);
  EXPECT_EQ(sw_.stats().moved, 1u);
}

TEST_F(SwitchTest, NeverLearnsAMulticastSourceAndDropsRunts) {
  send_as(kT0, 0, MacAddress::broadcast(), mac(7));
  EXPECT_EQ(sw_.lookup(MacAddress::broadcast(), kT0), std::nullopt);
  host(0).transmit(kT0, std::vector<std::uint8_t>(10, 0xaa));
  sw_.poll(kT0);
  EXPECT_EQ(sw_.stats().runts, 1u);
}

TEST_F(SwitchTest, StopsLearningWhenTheTableIsFull) {
  Switch small("s", SwitchConfig{.max_entries = 2});
  small.add_port(links_[0]->a());
  for (std::uint8_t i = 1; i <= 3; ++i) {
    host(0).transmit(kT0, ethernet_frame(MacAddress::broadcast(), mac(i), 0x0800, 46));
  }
  small.poll(kT0);
  EXPECT_EQ(small.stats().learned, 2u);
  EXPECT_EQ(small.stats().table_full, 1u);
  // Once the old entries age out there is room again.
  host(0).transmit(kT0 + Duration::seconds(400),
                   ethernet_frame(MacAddress::broadcast(), mac(3), 0x0800, 46));
  small.poll(kT0 + Duration::seconds(400));
  EXPECT_EQ(small.lookup(mac(3), kT0 + Duration::seconds(400)), 0u);
}

TEST_F(SwitchTest, PrintsTheTableLikeBridgeFdbShow) {
  send(kT0, 2, MacAddress::broadcast());
  send(kT0 + Duration::seconds(5), 0, MacAddress::broadcast());
  EXPECT_EQ(sw_.mac_table(kT0 + Duration::seconds(12)),
            "02:00:00:00:00:01 dev p0 master sw0 used 7/7\n"
            "02:00:00:00:00:03 dev p2 master sw0 used 12/12\n");
  EXPECT_EQ(sw_.mac_table(kT0 + Duration::seconds(302)),
            "02:00:00:00:00:01 dev p0 master sw0 used 297/297\n");
}

}  // namespace
}  // namespace ws::sim
