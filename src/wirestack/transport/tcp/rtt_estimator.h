// The retransmission timeout (RFC 6298): SRTT and RTTVAR from RTT samples, RTO with a
// configurable floor and ceiling, and exponential backoff. Karn's algorithm (no samples from
// retransmitted segments) is the caller's part: it only offers valid samples.
#pragma once

#include <cstdint>

#include "wirestack/base/time.h"

namespace ws::tcp {

class RttEstimator {
 public:
  RttEstimator(Duration initial_rto, Duration min_rto, Duration max_rto)
      : rto_(initial_rto), min_rto_(min_rto), max_rto_(max_rto) {}

  void sample(Duration rtt);
  // RFC 6298 (5.5): the timer expired; the RTO doubles up to the ceiling.
  void back_off();
  // A new ACK after a backoff restores the computed RTO (RFC 6298 (5.7) allows keeping the
  // backed-off value until a sample; Linux recomputes, as we do).
  void reset_backoff() { backoffs_ = 0; }

  Duration rto() const;
  Duration srtt() const { return srtt_; }
  // The smallest sample yet (RFC 8985 §6.2 RACK.min_RTT, over the connection's life).
  Duration min_rtt() const { return Duration::micros(min_rtt_us_); }
  Duration rttvar() const { return rttvar_; }
  bool has_sample() const { return has_sample_; }
  std::uint32_t backoffs() const { return backoffs_; }
  Duration max_rto() const { return max_rto_; }

 private:
  Duration srtt_;
  Duration rttvar_;
  Duration rto_;  // before backoff
  Duration min_rto_;
  Duration max_rto_;
  std::uint32_t min_rtt_us_ = 0;  // microseconds: it shares a word with the two below
  std::uint16_t backoffs_ = 0;    // the RTO doubles up to max_rto: a few dozen at most
  bool has_sample_ = false;
};

}  // namespace ws::tcp
