// CUBIC's congestion avoidance (RFC 9438 §4): the window follows a cubic function of the time
// since the last reduction, centred on the window where that loss happened, and never grows
// slower than Reno would (the Reno-friendly region).
#include <algorithm>
#include <cmath>

#include "wirestack/transport/tcp/congestion.h"

namespace ws::tcp {
namespace {
constexpr double kC = 0.4;     // segments / s^3
constexpr double kBeta = 0.7;  // multiplicative decrease
// §4.3: Reno-friendly additive increase per RTT, in segments.
constexpr double kAlpha = 3.0 * (1.0 - kBeta) / (1.0 + kBeta);
}  // namespace

// §4.6-§4.7: remember the window at the loss (lower, for fast convergence, when losses come
// before the previous maximum was regained); a new epoch starts at the next ACK.
void Congestion::cubic_on_loss() {
  const double cwnd = cwnd_;
  w_max_ = cwnd < w_last_max_ ? cwnd * (1.0 + kBeta) / 2.0 : cwnd;
  w_last_max_ = cwnd;
  epoch_started_ = false;
}

void Congestion::cubic_avoidance(Instant now, std::uint32_t acked, Duration srtt) {
  const double mss = mss_;
  const double cwnd = cwnd_;
  if (!epoch_started_) {
    epoch_started_ = true;
    epoch_start_ = now;
    cwnd_epoch_ = cwnd;
    w_est_ = cwnd;
    // Eq. 2, in segments.
    k_ = w_max_ > cwnd ? std::cbrt((w_max_ - cwnd) / mss / kC) : 0.0;
    if (w_max_ < cwnd) w_max_ = cwnd;
  }
  const double t = (now - epoch_start_).as_seconds_f();
  const auto w_cubic = [&](double s) { return (kC * std::pow(s - k_, 3.0)) * mss + w_max_; };
  // Eq. 4: Reno's estimate, grown by alpha segments per window acked.
  w_est_ += kAlpha * mss * static_cast<double>(acked) / cwnd;
  double next = cwnd;
  if (w_cubic(t) < w_est_) {
    next = w_est_;
  } else {
    // §4.4: aim at W_cubic one RTT ahead, clamped to [cwnd, 1.5 cwnd].
    const double target = std::clamp(w_cubic(t + srtt.as_seconds_f()), cwnd, 1.5 * cwnd);
    next = cwnd + (target - cwnd) / cwnd * static_cast<double>(acked);
  }
  cwnd_ = std::max(cwnd_, static_cast<std::uint32_t>(std::min(next, 4.0e9)));
}

}  // namespace ws::tcp
