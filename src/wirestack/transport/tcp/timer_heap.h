// The next timer of every connection of a layer: an indexed binary min-heap with one entry per
// connection, updated in place when its deadline moves (each id knows its position). Lazy
// deletion instead (push a new entry, skip stale ones when popped) leaves one stale entry per
// re-armed timer: with connections opening at a high rate, a SYN's 1 s retransmission timer
// alone kept about a million of them in the heap, and the layer woke up for each.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "wirestack/base/time.h"

namespace ws::tcp {

class TimerHeap {
 public:
  // Arms `id`'s timer at `at`, or moves it there.
  void set(std::uint32_t id, Instant at);
  void remove(std::uint32_t id);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::optional<Instant> earliest() const;
  // The id of an entry due at `now` (removed from the heap), if any; earliest first.
  std::optional<std::uint32_t> pop_due(Instant now);

 private:
  static constexpr std::uint32_t kAbsent = 0xffffffff;
  struct Entry {
    Instant at;
    std::uint32_t id;
  };
  void place(std::size_t pos, Entry e);
  void sift_up(std::size_t pos);
  void sift_down(std::size_t pos);

  std::vector<Entry> heap_;
  std::vector<std::uint32_t> position_;  // by id: index into heap_, or kAbsent
};

}  // namespace ws::tcp
