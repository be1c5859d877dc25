#include "wirestack/sim/link.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/raw_frames.h"

namespace ws::sim {
namespace {

using test::ethernet_frame;
using test::Frame;
using test::mac;

constexpr Instant kT0 = Instant::epoch();

Frame frame_of(std::size_t total_len, std::uint8_t fill = 0) {
  return ethernet_frame(mac(2), mac(1), 0x0800, total_len - 14, fill);
}

bool same(std::optional<Bytes> got, const Frame& want) {
  return got && std::equal(got->begin(), got->end(), want.begin(), want.end());
}

TEST(Link, DeliversAfterTheLatencyExactly) {
  Scheduler s;
  Link link("l", LinkConfig{.latency = Duration::millis(5)}, s);
  const Frame f = frame_of(100);
  link.a().transmit(kT0, f);
  EXPECT_EQ(link.b().poll_at(), kT0 + Duration::millis(5));
  EXPECT_FALSE(link.b().receive(kT0 + Duration::millis(5) - Duration::nanos(1)));
  EXPECT_FALSE(link.a().receive(kT0 + Duration::millis(5)));  // not looped back
  EXPECT_TRUE(same(link.b().receive(kT0 + Duration::millis(5)), f));
  EXPECT_FALSE(link.b().receive(kT0 + Duration::millis(5)));
  EXPECT_FALSE(link.b().poll_at());
  EXPECT_EQ(link.a().stats().tx_frames, 1u);
  EXPECT_EQ(link.b().stats().rx_frames, 1u);
  EXPECT_EQ(link.b().stats().rx_bytes, 100u);
}

TEST(Link, FramesQueueBehindEachOtherAtTheBandwidth) {
  Scheduler s;
  // 1000-byte frames at 1 Gbit/s: 8 us each on the wire.
  Link link("l", LinkConfig{.latency = Duration::millis(1), .bits_per_second = 1'000'000'000}, s);
  EXPECT_EQ(link.serialisation(1000), Duration::micros(8));
  for (std::uint8_t i = 0; i < 3; ++i) link.a().transmit(kT0, frame_of(1000, i));
  for (std::int64_t i = 1; i <= 3; ++i) {
    const Instant due = kT0 + Duration::millis(1) + Duration::micros(8 * i);
    EXPECT_EQ(link.b().poll_at(), due);
    EXPECT_FALSE(link.b().receive(due - Duration::nanos(1)));
    auto got = link.b().receive(due);
    ASSERT_TRUE(got);
    EXPECT_EQ((*got)[14], i - 1);  // in order
  }
  // Once the transmitter is idle, a frame starts serialising when it is sent.
  const Instant later = kT0 + Duration::millis(10);
  link.a().transmit(later, frame_of(1000));
  EXPECT_EQ(link.b().poll_at(), later + Duration::millis(1) + Duration::micros(8));
}

TEST(Link, SerialisationRoundsUpToTheNanosecond) {
  Scheduler s;
  Link link("l", LinkConfig{.bits_per_second = 3'000'000'000}, s);
  EXPECT_EQ(link.serialisation(1), Duration::nanos(3));  // 8 bits / 3 Gbit/s = 2.67 ns
  EXPECT_EQ(link.serialisation(0), Duration::zero());
}

TEST(Link, DirectionsAreIndependent) {
  Scheduler s;
  Link link("l", LinkConfig{.latency = Duration::micros(10), .bits_per_second = 8'000'000}, s);
  link.a().transmit(kT0, frame_of(1000));  // 1 ms on the wire
  link.b().transmit(kT0, frame_of(100));   // 100 us, not queued behind a's frame
  EXPECT_EQ(link.a().poll_at(), kT0 + Duration::micros(110));
  EXPECT_EQ(link.b().poll_at(), kT0 + Duration::micros(1010));
}

TEST(Link, DropsFramesAboveTheMtu) {
  Scheduler s;
  Link link("l", LinkConfig{.latency = Duration::zero(), .mtu = 1500}, s);
  link.a().transmit(kT0, frame_of(1514));  // 1500-byte payload: fits
  link.a().transmit(kT0, frame_of(1515));
  Frame tagged = ethernet_frame(mac(2), mac(1), 0x8100, 1504);  // tag + 1500 bytes: fits
  link.a().transmit(kT0, tagged);
  tagged.push_back(0);
  link.a().transmit(kT0, tagged);
  EXPECT_EQ(link.a().stats().tx_frames, 2u);
  EXPECT_EQ(link.a().stats().mtu_drops, 2u);
  EXPECT_EQ(link.a().caps().mtu, 1500u);
  EXPECT_TRUE(link.b().receive(kT0));
  EXPECT_TRUE(link.b().receive(kT0));
  EXPECT_FALSE(link.b().receive(kT0));
}

TEST(Link, DropsTailWhenTheTransmitQueueIsFull) {
  Scheduler s;
  // 100-byte frames at 8 Mbit/s: 100 us each.
  Link link(
      "l",
      LinkConfig{.latency = Duration::millis(1), .bits_per_second = 8'000'000, .queue_limit = 3},
      s);
  for (std::uint8_t i = 0; i < 5; ++i) link.a().transmit(kT0, frame_of(100, i));
  EXPECT_EQ(link.a().stats().tx_frames, 3u);
  EXPECT_EQ(link.a().stats().queue_drops, 2u);
  EXPECT_EQ(link.a().queued(kT0), 3u);
  // The first frame is fully out at 100 us: room for one more.
  EXPECT_EQ(link.a().queued(kT0 + Duration::micros(100)), 2u);
  link.a().transmit(kT0 + Duration::micros(100), frame_of(100, 9));
  link.a().transmit(kT0 + Duration::micros(100), frame_of(100, 10));
  EXPECT_EQ(link.a().stats().tx_frames, 4u);
  EXPECT_EQ(link.a().stats().queue_drops, 3u);
  // Frames dropped never arrive; the others arrive in order.
  std::vector<int> got;
  while (auto f = link.b().receive(kT0 + Duration::seconds(1))) got.push_back((*f)[14]);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 9}));
}

TEST(Link, AnEndNobodyReadsHoldsAtMostItsReceiveRing) {
  Scheduler s;
  Link link("l", LinkConfig{.latency = Duration::zero(), .rx_ring = 16}, s);
  for (int i = 0; i < 20; ++i) link.a().transmit(kT0, frame_of(60));
  EXPECT_EQ(link.b().waiting(kT0), 16u);
  EXPECT_EQ(link.b().stats().ring_drops, 4u);
  EXPECT_EQ(link.a().stats().tx_frames, 16u);
  link.b().receive(kT0);
  link.a().transmit(kT0, frame_of(60));
  EXPECT_EQ(link.a().stats().tx_frames, 17u);
}

TEST(Link, ReceivedFrameStaysValidWhileMoreFramesAreSent) {
  Scheduler s;
  Link link("l", LinkConfig{.latency = Duration::zero()}, s);
  const Frame first = frame_of(60, 1);
  link.a().transmit(kT0, first);
  const auto got = link.b().receive(kT0);
  ASSERT_TRUE(got);
  for (std::uint8_t i = 0; i < 40; ++i) link.a().transmit(kT0, frame_of(60, i));
  EXPECT_TRUE(same(got, first));
}

TEST(Link, NotifiesThePeersHandlerAtArrival) {
  Scheduler s;
  struct Log final : EventHandler {
    std::vector<std::pair<Instant, std::uint64_t>> fired;
    void on_event(Instant at, std::uint64_t tag) override { fired.emplace_back(at, tag); }
  } log;
  Link link("l", LinkConfig{.latency = Duration::millis(2)}, s);
  link.b().notify(&log, 7);
  link.a().transmit(kT0, frame_of(60));
  link.b().transmit(kT0, frame_of(60));  // a has no handler: no event
  EXPECT_EQ(s.size(), 1u);
  while (s.fire_next(kT0 + Duration::seconds(1))) {
  }
  ASSERT_EQ(log.fired.size(), 1u);
  EXPECT_EQ(log.fired[0].first, kT0 + Duration::millis(2));
  EXPECT_EQ(log.fired[0].second, 7u);
}

TEST(Link, RecorderSeesEachAcceptedFrameOnce) {
  Scheduler s;
  struct Recorder final : FrameRecorder {
    std::vector<std::pair<Instant, std::size_t>> frames;
    void record(Instant t, Bytes f) override { frames.emplace_back(t, f.size()); }
  } recorder;
  Link link("l", LinkConfig{.mtu = 100}, s);
  link.set_recorder(&recorder);
  link.a().transmit(kT0, frame_of(60));
  link.b().transmit(kT0 + Duration::micros(5), frame_of(70));
  link.a().transmit(kT0, frame_of(200));  // too big: dropped, not recorded
  ASSERT_EQ(recorder.frames.size(), 2u);
  EXPECT_EQ(recorder.frames[0], std::make_pair(kT0, std::size_t{60}));
  EXPECT_EQ(recorder.frames[1], std::make_pair(kT0 + Duration::micros(5), std::size_t{70}));
}

}  // namespace
}  // namespace ws::sim
