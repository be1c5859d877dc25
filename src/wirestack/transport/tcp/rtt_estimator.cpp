#include "wirestack/transport/tcp/rtt_estimator.h"

#include <algorithm>

namespace ws::tcp {
namespace {
// RFC 6298 §2: clock granularity G.
constexpr Duration kGranularity = Duration::millis(1);

std::uint32_t micros_of(Duration d) {
  return static_cast<std::uint32_t>(std::min<std::int64_t>(d.as_micros(), 0xffffffff));
}
}  // namespace

void RttEstimator::sample(Duration rtt) {
  if (rtt < Duration::zero()) return;
  if (!has_sample_) {
    // (2.2)
    srtt_ = rtt;
    rttvar_ = rtt / 2;
    min_rtt_us_ = micros_of(rtt);
    has_sample_ = true;
  } else {
    // (2.3) with alpha = 1/8, beta = 1/4.
    const Duration err = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
    rttvar_ = (rttvar_ * 3 + err) / 4;
    srtt_ = (srtt_ * 7 + rtt) / 8;
    min_rtt_us_ = std::min(min_rtt_us_, micros_of(rtt));
  }
  rto_ = srtt_ + std::max(kGranularity, rttvar_ * 4);
  backoffs_ = 0;
}

void RttEstimator::back_off() {
  if (rto() < max_rto_) ++backoffs_;
}

Duration RttEstimator::rto() const {
  Duration r = std::clamp(rto_, min_rto_, max_rto_);
  for (std::uint32_t i = 0; i < backoffs_ && r < max_rto_; ++i) r = r * 2;
  return std::min(r, max_rto_);
}

}  // namespace ws::tcp
