// The one source of randomness: seeded, deterministic (xoshiro256**, seeded by splitmix64).
// Every random choice (ISN key, ephemeral ports, DNS ids, faults) draws from one of these, so a
// run is replayable from its seed.
#pragma once

#include <cstdint>

namespace ws {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }
  // Uniform in [0, bound), bound > 0, without modulo bias (Lemire's method).
  std::uint64_t below(std::uint64_t bound);
  // Uniform in [lo, hi] inclusive.
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  // Uniform in [0, 1).
  double next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // True with probability p (0 <= p <= 1).
  bool chance(double p) { return p > 0 && next_double() < p; }
  // An independent generator derived from this one (for a sub-component).
  Rng fork() { return Rng(next_u64()); }

 private:
  std::uint64_t s_[4];
};

}  // namespace ws
