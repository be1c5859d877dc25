// Window sizing: NewReno (RFC 5681/6582) and CUBIC (RFC 9438).
#include "wirestack/transport/tcp/congestion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ws::tcp {
namespace {

constexpr std::uint32_t kMss = 1000;

// Slow start up to `segments`, then a fast retransmit and the end of recovery.
Congestion after_loss_at(CongestionControl algorithm, std::uint32_t segments) {
  Congestion cc(algorithm);
  cc.init(kMss, 10);
  while (cc.cwnd() < segments * kMss) cc.on_ack(Instant::epoch(), kMss, Duration::millis(100));
  cc.on_fast_retransmit(cc.cwnd());
  cc.on_recovery_end(cc.ssthresh());
  return cc;
}

// One window acknowledged per RTT, MSS by MSS, for `duration`.
void run(Congestion& cc, Instant& now, Duration duration, Duration rtt) {
  const Instant end = now + duration;
  while (now < end) {
    const std::uint32_t segments = cc.cwnd() / kMss;
    for (std::uint32_t i = 0; i < segments; ++i) cc.on_ack(now, kMss, rtt);
    now += rtt;
  }
}

TEST(TcpNewReno, HalvesTheFlightOnLossAndGrowsOneSegmentPerRtt) {
  Congestion cc = after_loss_at(CongestionControl::kNewReno, 100);
  EXPECT_EQ(cc.ssthresh(), 50 * kMss);
  EXPECT_EQ(cc.cwnd(), 50 * kMss);
  Instant now = Instant::epoch();
  run(cc, now, Duration::seconds(1), Duration::millis(100));
  EXPECT_EQ(cc.cwnd(), 60 * kMss);
}

TEST(TcpNewReno, TimeoutFallsBackToOneSegment) {
  Congestion cc(CongestionControl::kNewReno);
  cc.init(kMss, 10);
  cc.on_timeout(40 * kMss);
  EXPECT_EQ(cc.cwnd(), kMss);
  EXPECT_EQ(cc.ssthresh(), 20 * kMss);
}

TEST(TcpCubic, KeepsSeventyPercentOnLossAndRegainsTheOldMaximumAfterK) {
  Congestion cc = after_loss_at(CongestionControl::kCubic, 100);
  EXPECT_EQ(cc.ssthresh(), 70 * kMss);
  // K = cbrt(W_max * (1 - beta) / C) = cbrt(30 / 0.4) s.
  const double k = std::cbrt(30.0 / 0.4);
  Instant now = Instant::epoch();
  run(cc, now, Duration::micros(static_cast<std::int64_t>(k * 1e6)), Duration::millis(100));
  EXPECT_GT(cc.cwnd(), 95 * kMss);
  EXPECT_LT(cc.cwnd(), 110 * kMss);
  // Beyond K the window probes above the old maximum: W_cubic(K + 3 s) = 100 + 0.4 * 27.
  run(cc, now, Duration::seconds(3), Duration::millis(100));
  EXPECT_GT(cc.cwnd(), 105 * kMss);
  EXPECT_LT(cc.cwnd(), 115 * kMss);
}

TEST(TcpCubic, OnShortRttsFollowsItsRenoEstimate) {
  Congestion cc = after_loss_at(CongestionControl::kCubic, 20);
  Instant now = Instant::epoch();
  run(cc, now, Duration::millis(200), Duration::millis(1));
  // The cubic curve alone would still be near 15 segments (K = 2.5 s); the Reno-friendly
  // estimate grows by alpha = 3 * 0.3 / 1.7 segments per RTT from 14: about 120 after 200 RTTs.
  EXPECT_GT(cc.cwnd(), 110 * kMss);
  EXPECT_LT(cc.cwnd(), 125 * kMss);
}

}  // namespace
}  // namespace ws::tcp
