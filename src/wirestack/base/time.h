// Explicit time: protocol code never reads a clock; drivers hand `Instant`s in.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace ws {

// A span of time with nanosecond resolution.
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration nanos(std::int64_t n) { return Duration(n); }
  static constexpr Duration micros(std::int64_t n) { return Duration(n * 1000); }
  static constexpr Duration millis(std::int64_t n) { return Duration(n * 1000'000); }
  static constexpr Duration seconds(std::int64_t n) { return Duration(n * 1000'000'000); }
  static constexpr Duration zero() { return Duration(0); }

  constexpr std::int64_t as_nanos() const { return ns_; }
  constexpr std::int64_t as_micros() const { return ns_ / 1000; }
  constexpr std::int64_t as_millis() const { return ns_ / 1000'000; }
  constexpr double as_seconds_f() const { return static_cast<double>(ns_) / 1e9; }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator*(std::int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(std::int64_t k) const { return Duration(ns_ / k); }
  constexpr Duration& operator+=(Duration o) { ns_ += o.ns_; return *this; }
  constexpr Duration& operator-=(Duration o) { ns_ -= o.ns_; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// A point in time since an arbitrary epoch chosen by the driver (the simulator starts at 0).
class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_nanos(std::int64_t n) { return Instant(n); }
  static constexpr Instant epoch() { return Instant(0); }

  constexpr std::int64_t nanos() const { return ns_; }
  constexpr Instant operator+(Duration d) const { return Instant(ns_ + d.as_nanos()); }
  constexpr Instant operator-(Duration d) const { return Instant(ns_ - d.as_nanos()); }
  constexpr Duration operator-(Instant o) const { return Duration::nanos(ns_ - o.ns_); }
  constexpr Instant& operator+=(Duration d) { ns_ += d.as_nanos(); return *this; }
  constexpr auto operator<=>(const Instant&) const = default;

 private:
  constexpr explicit Instant(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// "12.345678" (seconds with microseconds), as tcpdump prints relative timestamps.
std::string format_seconds(Instant t);
// "1.234 ms" style, for RTTs.
std::string format_millis(Duration d);

}  // namespace ws
