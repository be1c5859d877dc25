// Sequence numbers that wrap around (TCP's 32-bit space, RFC 9293 §3.4): comparisons are made
// modulo 2^32, so "a < b" means b is less than 2^31 ahead of a. A distinct type keeps them from
// being mixed up with lengths and from plain integer comparison.
#pragma once

#include <cstdint>

namespace ws {

class Seq {
 public:
  constexpr Seq() = default;
  constexpr explicit Seq(std::uint32_t v) : v_(v) {}
  constexpr std::uint32_t raw() const { return v_; }

  constexpr Seq operator+(std::uint32_t n) const { return Seq(v_ + n); }
  constexpr Seq operator-(std::uint32_t n) const { return Seq(v_ - n); }
  constexpr Seq& operator+=(std::uint32_t n) { v_ += n; return *this; }
  // Signed distance from `o` to this, in (-2^31, 2^31].
  constexpr std::int32_t operator-(Seq o) const { return static_cast<std::int32_t>(v_ - o.v_); }

  constexpr bool operator==(const Seq&) const = default;
  constexpr bool operator<(Seq o) const { return (*this - o) < 0; }
  constexpr bool operator<=(Seq o) const { return (*this - o) <= 0; }
  constexpr bool operator>(Seq o) const { return (*this - o) > 0; }
  constexpr bool operator>=(Seq o) const { return (*this - o) >= 0; }

 private:
  std::uint32_t v_ = 0;
};

// lo <= s < hi in sequence space.
constexpr bool seq_in_window(Seq s, Seq lo, Seq hi) { return lo <= s && s < hi; }
constexpr Seq seq_max(Seq a, Seq b) { return a < b ? b : a; }
constexpr Seq seq_min(Seq a, Seq b) { return a < b ? a : b; }

}  // namespace ws
