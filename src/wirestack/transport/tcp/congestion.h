// Congestion control: the window (cwnd, ssthresh) per RFC 5681 with NewReno's fast recovery
// (RFC 6582). The sender decides when a loss happened (three duplicate ACKs, a timeout) and
// tells this class; this class only sizes the window.
#pragma once

#include <cstdint>

#include "wirestack/transport/tcp/config.h"

namespace ws::tcp {

class Congestion {
 public:
  Congestion() = default;
  void init(std::uint32_t mss, std::uint32_t initial_segments);

  std::uint32_t cwnd() const { return cwnd_; }
  std::uint32_t ssthresh() const { return ssthresh_; }
  bool in_slow_start() const { return cwnd_ < ssthresh_; }

  // New data acknowledged outside recovery (RFC 5681 §3.1: slow start with appropriate byte
  // counting limited to one SMSS per ACK, congestion avoidance by ~SMSS per RTT).
  void on_ack(std::uint32_t acked);
  // Third duplicate ACK (RFC 5681 §3.2 steps 2-3).
  void on_fast_retransmit(std::uint32_t flight);
  // Each further duplicate ACK in recovery inflates the window (step 4).
  void on_recovery_dup_ack() { cwnd_ += mss_; }
  // A partial ACK in recovery (RFC 6582 §3.2 step 5): deflate by what was acked, add one SMSS.
  void on_partial_ack(std::uint32_t acked);
  // The ACK that covers `recover` (RFC 6582 §3.2 step 6, option 1 with the burst guard).
  void on_recovery_end(std::uint32_t flight);
  // Retransmission timeout (RFC 5681 §3.1 eq. 4 and the loss window).
  void on_timeout(std::uint32_t flight);

 private:
  std::uint32_t mss_ = 536;
  std::uint32_t cwnd_ = 0;
  std::uint32_t ssthresh_ = 0xffffffff;
  std::uint32_t ca_acked_ = 0;  // bytes acked in congestion avoidance towards the next +SMSS
};

}  // namespace ws::tcp
