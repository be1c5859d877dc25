// A token bucket for outgoing ICMP errors (RFC 1812 §4.3.2.8), with Linux's global defaults
// (net.ipv4.icmp_msgs_per_sec = 1000, icmp_msgs_burst = 50). Linux also limits per destination
// (icmp_ratelimit); we do not yet.
#pragma once

#include <algorithm>
#include <cstdint>

#include "wirestack/base/time.h"

namespace ws {

struct IcmpRateLimit {
  std::uint32_t per_second = 1000;
  std::uint32_t burst = 50;
};

class IcmpRateLimiter {
 public:
  explicit IcmpRateLimiter(IcmpRateLimit limit = {}) : limit_(limit), tokens_(limit.burst) {}

  // Takes a token if one is available at `now`.
  bool allow(Instant now) {
    if (limit_.per_second == 0) return false;
    const Duration per_token = Duration::nanos(1'000'000'000 / limit_.per_second);
    if (!started_) {
      started_ = true;
      last_ = now;
    }
    const std::int64_t earned = (now - last_).as_nanos() / per_token.as_nanos();
    if (earned > 0) {
      tokens_ = static_cast<std::uint32_t>(
          std::min<std::int64_t>(limit_.burst, std::int64_t{tokens_} + earned));
      last_ += per_token * earned;
    }
    if (tokens_ == limit_.burst) last_ = now;  // a full bucket earns nothing more
    if (tokens_ == 0) return false;
    --tokens_;
    return true;
  }

 private:
  IcmpRateLimit limit_;
  std::uint32_t tokens_;
  Instant last_;
  bool started_ = false;
};

}  // namespace ws
