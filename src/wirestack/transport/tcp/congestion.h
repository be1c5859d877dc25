// Congestion control: the window (cwnd, ssthresh) per RFC 5681 with NewReno's fast recovery
// (RFC 6582), or CUBIC's window growth and reduction (RFC 9438), chosen per connection. The
// sender decides when a loss happened (three duplicate ACKs, a timeout) and tells this class;
// this class only sizes the window.
#pragma once

#include <cstdint>

#include "wirestack/base/time.h"
#include "wirestack/transport/tcp/config.h"

namespace ws::tcp {

class Congestion {
 public:
  explicit Congestion(CongestionControl algorithm = CongestionControl::kNewReno)
      : algorithm_(algorithm) {}
  void init(std::uint32_t mss, std::uint32_t initial_segments);

  // The MSS changed (path MTU discovery): the window stays, its steps use the new size.
  void set_mss(std::uint32_t mss) { mss_ = mss; }
  CongestionControl algorithm() const { return algorithm_; }
  std::uint32_t cwnd() const { return cwnd_; }
  std::uint32_t ssthresh() const { return ssthresh_; }
  bool in_slow_start() const { return cwnd_ < ssthresh_; }

  // New data acknowledged outside recovery (RFC 5681 §3.1: slow start with appropriate byte
  // counting limited to one SMSS per ACK; then congestion avoidance, Reno's or CUBIC's).
  void on_ack(Instant now, std::uint32_t acked, Duration srtt);
  // Third duplicate ACK (RFC 5681 §3.2 steps 2-3; RFC 9438 §4.6 for CUBIC's reduction).
  void on_fast_retransmit(std::uint32_t flight);
  // RFC 6675 §5 (4.2): fast recovery with SACK; the window is not inflated, the pipe
  // estimate limits sending instead.
  void on_sack_recovery(std::uint32_t flight) { cwnd_ = ssthresh_ = reduced_window(flight); }
  // Each further duplicate ACK in recovery inflates the window (step 4).
  void on_recovery_dup_ack() { cwnd_ += mss_; }
  // A partial ACK in recovery (RFC 6582 §3.2 step 5): deflate by what was acked, add one SMSS.
  void on_partial_ack(std::uint32_t acked);
  // The ACK that covers `recover` (RFC 6582 §3.2 step 6, option 1 with the burst guard).
  void on_recovery_end(std::uint32_t flight);
  // Retransmission timeout (RFC 5681 §3.1 eq. 4 and the loss window; RFC 9438 §4.8).
  void on_timeout(std::uint32_t flight);

 private:
  // The window after a loss: Reno halves the flight size, CUBIC keeps beta of the window and
  // remembers where the loss happened (cubic.cpp).
  std::uint32_t reduced_window(std::uint32_t flight);
  void cubic_on_loss();
  void cubic_avoidance(Instant now, std::uint32_t acked, Duration srtt);

  CongestionControl algorithm_;
  std::uint32_t mss_ = 536;
  std::uint32_t cwnd_ = 0;
  std::uint32_t ssthresh_ = 0xffffffff;
  std::uint32_t ca_acked_ = 0;  // Reno: bytes acked towards the next +SMSS
  // CUBIC (RFC 9438 §4), in bytes and seconds.
  bool epoch_started_ = false;
  Instant epoch_start_;
  double w_max_ = 0;
  double w_last_max_ = 0;
  double k_ = 0;
  double w_est_ = 0;
  double cwnd_epoch_ = 0;
};

}  // namespace ws::tcp
