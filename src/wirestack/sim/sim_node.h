// What the simulation drives: a host's stack, a router, a switch. The same shape as a stack's
// driver interface (DESIGN.md, sans-IO): poll at `now`, say when to be polled next.
#pragma once

#include <optional>
#include <string_view>

#include "wirestack/base/time.h"

namespace ws::sim {

class SimNode {
 public:
  virtual ~SimNode() = default;
  virtual std::string_view name() const = 0;
  // Takes frames in, runs timers, sends frames out.
  virtual void poll(Instant now) = 0;
  // When the node next wants to run by itself (a timer), or nullopt. Frames arriving on a link
  // end attached to the node wake it anyway.
  virtual std::optional<Instant> poll_at() const = 0;
};

}  // namespace ws::sim
