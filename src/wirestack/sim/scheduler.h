// A discrete-event scheduler on virtual time. Events are small PODs in a binary heap ordered by
// (time, insertion sequence), so events at the same instant fire in the order they were
// scheduled. Each event names a handler and a 64-bit tag instead of carrying a closure, and
// handler slots are recycled: the steady state allocates nothing per event.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "wirestack/base/time.h"

namespace ws::sim {

class EventHandler {
 public:
  virtual void on_event(Instant at, std::uint64_t tag) = 0;

 protected:
  ~EventHandler() = default;
};

// Names one scheduled event, to cancel it. A default-constructed id names none.
struct TimerId {
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t slot = kNone;
  std::uint32_t generation = 0;
};

class Scheduler {
 public:
  TimerId schedule(Instant at, EventHandler& handler, std::uint64_t tag = 0);
  // False when the event has already fired or been cancelled.
  bool cancel(TimerId id);
  bool pending(TimerId id) const;

  // The time of the earliest pending event.
  std::optional<Instant> next_at() const {
    if (heap_.empty()) return std::nullopt;
    return Instant::from_nanos(heap_.front().at);
  }
  // Fires the earliest event if it is due at or before `until`; false when there is none.
  bool fire_next(Instant until);

  std::size_t size() const { return heap_.size() - dead_; }
  std::uint64_t fired() const { return fired_; }

 private:
  struct Entry {
    std::int64_t at;
    std::uint64_t seq;
    std::uint32_t slot;
    std::uint32_t generation;
  };
  struct Slot {
    EventHandler* handler = nullptr;
    std::uint64_t tag = 0;
    std::uint32_t generation = 0;  // bumped when the event fires or is cancelled
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
  bool live(const Entry& e) const { return slots_[e.slot].generation == e.generation; }
  void release(std::uint32_t slot);
  void pop_top();
  // Keeps the invariant that the heap's top is a live event, and bounds cancelled entries.
  void drop_dead();

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::size_t dead_ = 0;  // cancelled entries still in the heap
  std::uint64_t fired_ = 0;
};

}  // namespace ws::sim
