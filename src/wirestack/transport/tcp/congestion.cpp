#include "wirestack/transport/tcp/congestion.h"

#include <algorithm>

namespace ws::tcp {

void Congestion::init(std::uint32_t mss, std::uint32_t initial_segments) {
  mss_ = mss;
  cwnd_ = mss * std::max<std::uint32_t>(initial_segments, 1);
  ssthresh_ = 0xffffffff;
  ca_acked_ = 0;
  epoch_started_ = false;
  w_max_ = w_last_max_ = 0;
}

void Congestion::on_ack(Instant now, std::uint32_t acked, Duration srtt) {
  if (in_slow_start()) {
    cwnd_ += std::min(acked, mss_);
    return;
  }
  if (algorithm_ == CongestionControl::kCubic) return cubic_avoidance(now, acked, srtt);
  ca_acked_ += acked;
  if (ca_acked_ >= cwnd_) {
    ca_acked_ -= cwnd_;
    cwnd_ += mss_;
  }
}

std::uint32_t Congestion::reduced_window(std::uint32_t flight) {
  if (algorithm_ == CongestionControl::kCubic) {
    cubic_on_loss();
    return std::max(static_cast<std::uint32_t>(cwnd_ * 0.7), 2 * mss_);
  }
  return std::max(flight / 2, 2 * mss_);
}

void Congestion::on_fast_retransmit(std::uint32_t flight) {
  ssthresh_ = reduced_window(flight);
  cwnd_ = ssthresh_ + 3 * mss_;
}

void Congestion::on_partial_ack(std::uint32_t acked) {
  cwnd_ = cwnd_ > acked ? cwnd_ - acked : 0;
  if (acked >= mss_) cwnd_ += mss_;
  cwnd_ = std::max(cwnd_, mss_);
}

void Congestion::on_recovery_end(std::uint32_t flight) {
  cwnd_ = std::min(ssthresh_, std::max(flight, mss_) + mss_);
  ca_acked_ = 0;
}

void Congestion::on_timeout(std::uint32_t flight) {
  ssthresh_ = reduced_window(flight);
  cwnd_ = mss_;
  ca_acked_ = 0;
}

}  // namespace ws::tcp
