// The real-time driver of a sans-IO stack: the one place wall time enters. It polls a node (a
// host with its applications) at the monotonic clock's `now`, then sleeps in ppoll() until a
// watched descriptor (a tap) is readable, the node's poll_at() comes, or SIGINT/SIGTERM arrive
// (read from a signalfd, so a signal never interrupts the stack half-way through a poll).
//
//   auto loop = RealTimeLoop::create();             // blocks SIGINT/SIGTERM for the signalfd
//   loop->watch(tap->fd());
//   loop->run(node, {.limit = Duration::seconds(10)});  // node: poll(Instant), poll_at()
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/base/time.h"
#include "wirestack/link/tap/tap_device.h"

namespace ws {

enum class StopReason : std::uint8_t {
  kSignal,    // SIGINT or SIGTERM
  kDeadline,  // the run's time limit passed
  kDone,      // the caller's `done` predicate said so
};
const char* to_string(StopReason reason);

struct RunLimits {
  std::optional<Duration> limit;  // stop after this long
  std::function<bool()> done;     // checked after every poll
};

class RealTimeLoop {
 public:
  // Blocks SIGINT and SIGTERM for the process and reads them from a signalfd instead.
  static Result<std::unique_ptr<RealTimeLoop>, TapError> create();
  ~RealTimeLoop();
  RealTimeLoop(const RealTimeLoop&) = delete;
  RealTimeLoop& operator=(const RealTimeLoop&) = delete;

  // Wakes the loop whenever `fd` is readable.
  void watch(int fd);
  // Time since the loop was created, from CLOCK_MONOTONIC (Instant::epoch() at creation).
  Instant now() const;
  // The signal that stopped the last run (0 if none).
  int signal() const { return signal_; }

  // Polls `node` until a signal, the limit, or `done`. Node needs poll(Instant) and
  // poll_at() -> optional<Instant>.
  template <class Node>
  StopReason run(Node& node, const RunLimits& limits = {});

 private:
  RealTimeLoop(int signal_fd, std::int64_t start_ns);
  // Sleeps until a watched descriptor is readable, `until` (if set) passes, or a signal comes;
  // true when a signal came.
  bool wait(Instant now, std::optional<Instant> until);

  int signal_fd_;
  std::int64_t start_ns_;
  std::vector<int> fds_;
  int signal_ = 0;
};

template <class Node>
StopReason RealTimeLoop::run(Node& node, const RunLimits& limits) {
  const Instant start = now();
  const std::optional<Instant> deadline =
      limits.limit ? std::optional<Instant>(start + *limits.limit) : std::nullopt;
  while (true) {
    const Instant t = now();
    node.poll(t);
    if (limits.done && limits.done()) return StopReason::kDone;
    if (deadline && t >= *deadline) return StopReason::kDeadline;
    std::optional<Instant> until = node.poll_at();
    if (deadline && (!until || *deadline < *until)) until = deadline;
    if (wait(t, until)) return StopReason::kSignal;
  }
}

}  // namespace ws
