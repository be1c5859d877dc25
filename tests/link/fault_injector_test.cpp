#include "wirestack/link/fault_injector.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <deque>
#include <vector>

#include "support/raw_frames.h"

namespace ws {
namespace {

using test::Frame;

constexpr Instant kT0 = Instant::epoch();

// Frames handed to receive() come from `inbox`; transmitted frames are kept in `sent`.
class LoopDevice final : public Device {
 public:
  std::optional<Bytes> receive(Instant) override {
    if (inbox.empty()) return std::nullopt;
    current_ = std::move(inbox.front());
    inbox.pop_front();
    return Bytes(current_);
  }
  void transmit(Instant now, Bytes frame) override {
    sent.emplace_back(frame.begin(), frame.end());
    sent_at.push_back(now);
  }
  DeviceCaps caps() const override { return {}; }

  std::deque<Frame> inbox;
  std::vector<Frame> sent;
  std::vector<Instant> sent_at;

 private:
  Frame current_;
};

// Frame number i: an ICMP echo request with sequence number i.
Frame numbered(std::uint16_t i) {
  return test::icmp_echo(test::mac(2), test::mac(1), Ipv4Address::of(10, 0, 0, 1),
                         Ipv4Address::of(10, 0, 0, 2), 7, i);
}
std::uint16_t number_of(const Frame& f) {
  return load_be16(f.data() + 14 + 20 + 6);
}

constexpr int kFrames = 10'000;

// Sends kFrames numbered frames through an injector, one per millisecond, then lets every
// held frame go; returns what reached the wire.
std::vector<Frame> run_transmit(const FaultConfig& config, std::uint64_t seed,
                                FaultStats* stats = nullptr) {
  LoopDevice wire;
  FaultInjector faults(wire, config, Rng(seed));
  Instant t = kT0;
  for (int i = 0; i < kFrames; ++i, t += Duration::millis(1)) {
    faults.transmit(t, numbered(static_cast<std::uint16_t>(i)));
  }
  while (auto at = faults.poll_at()) faults.receive(*at);
  if (stats != nullptr) *stats = faults.transmit_stats();
  return wire.sent;
}

// Within five standard deviations of the binomial mean: fails by chance about once in 3.5M.
void expect_about(std::uint64_t count, double p) {
  const double mean = kFrames * p;
  const double sd = std::sqrt(kFrames * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(count), mean, 5 * sd) << "p=" << p;
}

TEST(FaultInjector, PassesEverythingUnchangedByDefault) {
  FaultStats stats;
  const auto out = run_transmit({}, 1, &stats);
  ASSERT_EQ(out.size(), std::size_t{kFrames});
  for (int i = 0; i < kFrames; ++i) EXPECT_EQ(out[i], numbered(static_cast<std::uint16_t>(i)));
  EXPECT_EQ(stats.frames, std::uint64_t{kFrames});
  EXPECT_EQ(stats.lost + stats.duplicated + stats.reordered + stats.corrupted + stats.delayed, 0u);
}

TEST(FaultInjector, LosesAboutTheGivenFraction) {
  FaultStats stats;
  const auto out = run_transmit({.loss = 0.1}, 42, &stats);
  expect_about(stats.lost, 0.1);
  EXPECT_EQ(out.size() + stats.lost, std::size_t{kFrames});
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(number_of(out[i - 1]), number_of(out[i]));
}

TEST(FaultInjector, DuplicatesRightAfterTheOriginal) {
  FaultStats stats;
  const auto out = run_transmit({.duplicate = 0.2}, 42, &stats);
  expect_about(stats.duplicated, 0.2);
  EXPECT_EQ(out.size(), kFrames + stats.duplicated);
  std::uint64_t pairs = 0;
  for (std::size_t i = 1; i < out.size(); ++i) {
    EXPECT_LE(number_of(out[i - 1]), number_of(out[i]));
    if (out[i - 1] == out[i]) ++pairs;
  }
  EXPECT_EQ(pairs, stats.duplicated);
}

TEST(FaultInjector, ReordersByHoldingAFrameBehindTheNext) {
  FaultStats stats;
  const auto out = run_transmit({.reorder = 0.1}, 42, &stats);
  expect_about(stats.reordered, 0.1 * 0.9);     // no new hold while one is held
  ASSERT_EQ(out.size(), std::size_t{kFrames});  // nothing lost
  std::uint64_t swaps = 0;
  std::vector<bool> seen(kFrames);
  for (std::size_t i = 0; i < out.size(); ++i) {
    seen[number_of(out[i])] = true;
    if (i > 0 && number_of(out[i - 1]) > number_of(out[i])) {
      ++swaps;
      EXPECT_EQ(number_of(out[i - 1]), number_of(out[i]) + 1);  // passed by exactly one
    }
  }
  // Every hold is a swap, except a hold of the very last frame (it leaves on its timeout).
  EXPECT_LE(swaps, stats.reordered);
  EXPECT_GE(swaps + 1, stats.reordered);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), kFrames);
}

TEST(FaultInjector, AHeldFrameWithNoFollowerLeavesAfterTheTimeout) {
  LoopDevice wire;
  FaultInjector faults(wire, {.reorder = 1.0, .reorder_timeout = Duration::millis(3)}, Rng(1));
  faults.transmit(kT0, numbered(1));
  EXPECT_TRUE(wire.sent.empty());
  EXPECT_EQ(faults.poll_at(), kT0 + Duration::millis(3));
  faults.receive(kT0 + Duration::millis(2));
  EXPECT_TRUE(wire.sent.empty());
  faults.receive(kT0 + Duration::millis(3));
  ASSERT_EQ(wire.sent.size(), 1u);
  EXPECT_EQ(wire.sent_at[0], kT0 + Duration::millis(3));
  EXPECT_FALSE(faults.poll_at());
}

TEST(FaultInjector, CorruptsExactlyOneBitAboveTheEthernetHeader) {
  FaultStats stats;
  const auto out = run_transmit({.corrupt = 0.3}, 42, &stats);
  expect_about(stats.corrupted, 0.3);
  ASSERT_EQ(out.size(), std::size_t{kFrames});
  std::uint64_t changed = 0;
  for (int i = 0; i < kFrames; ++i) {
    const Frame original = numbered(static_cast<std::uint16_t>(i));
    int bits = 0;
    for (std::size_t b = 0; b < original.size(); ++b) {
      bits += std::popcount(static_cast<unsigned>(original[b] ^ out[i][b]));
      if (b < 14) {
        EXPECT_EQ(original[b], out[i][b]);
      }
    }
    ASSERT_LE(bits, 1);
    if (bits == 1) {
      ++changed;
      // A single flipped bit always breaks the IPv4 header checksum or the ICMP checksum.
      const Bytes ip(out[i].data() + 14, 20);
      const Bytes icmp(out[i].data() + 34, out[i].size() - 34);
      EXPECT_TRUE(internet_checksum(ip) != 0 || internet_checksum(icmp) != 0);
    }
  }
  EXPECT_EQ(changed, stats.corrupted);
}

TEST(FaultInjector, JitterDelaysWithoutReordering) {
  LoopDevice wire;
  FaultInjector faults(wire, {.jitter = Duration::millis(5)}, Rng(3));
  for (std::uint16_t i = 0; i < 100; ++i)
    faults.transmit(kT0 + Duration::micros(100 * i), numbered(i));
  while (auto at = faults.poll_at()) faults.receive(*at);
  ASSERT_EQ(wire.sent.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(number_of(wire.sent[i]), i);
    const Instant sent = kT0 + Duration::micros(100 * static_cast<std::int64_t>(i));
    EXPECT_GE(wire.sent_at[i], sent);
    if (i > 0) {
      EXPECT_GE(wire.sent_at[i], wire.sent_at[i - 1]);
    }
  }
  EXPECT_GT(faults.transmit_stats().delayed, 50u);
}

TEST(FaultInjector, AppliesToReceivedFramesWhenAsked) {
  LoopDevice wire;
  FaultInjector faults(wire, {.loss = 0.5, .on_transmit = false, .on_receive = true}, Rng(9));
  for (std::uint16_t i = 0; i < 1000; ++i) wire.inbox.push_back(numbered(i));
  int received = 0;
  while (faults.receive(kT0)) ++received;
  EXPECT_EQ(received + faults.receive_stats().lost, 1000u);
  EXPECT_GT(faults.receive_stats().lost, 400u);
  for (std::uint16_t i = 0; i < 100; ++i) faults.transmit(kT0, numbered(i));
  EXPECT_EQ(wire.sent.size(), 100u);  // the transmit side is untouched
  EXPECT_EQ(faults.transmit_stats().frames, 0u);
}

TEST(FaultInjector, SameSeedSameFaultsOtherSeedOtherFaults) {
  const FaultConfig all{.loss = 0.05,
                        .duplicate = 0.05,
                        .reorder = 0.05,
                        .corrupt = 0.05,
                        .jitter = Duration::micros(300)};
  const auto a = run_transmit(all, 7);
  EXPECT_EQ(a, run_transmit(all, 7));
  EXPECT_NE(a, run_transmit(all, 8));
}

}  // namespace
}  // namespace ws
