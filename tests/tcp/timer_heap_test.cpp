// The layer's timer heap: one entry per connection, moved in place, popped earliest first.
#include "wirestack/transport/tcp/timer_heap.h"

#include <gtest/gtest.h>

#include <vector>

#include "wirestack/base/rng.h"

namespace ws::tcp {
namespace {

Instant at(std::int64_t ms) {
  return Instant::epoch() + Duration::millis(ms);
}

TEST(TcpTimerHeap, PopsDueEntriesEarliestFirstAndMovedEntriesAtTheirNewTime) {
  TimerHeap h;
  h.set(1, at(30));
  h.set(2, at(10));
  h.set(3, at(20));
  h.set(2, at(40));  // moved later: one entry, not two
  h.set(3, at(5));   // moved earlier
  EXPECT_EQ(h.size(), 3u);
  EXPECT_EQ(h.earliest(), at(5));
  EXPECT_EQ(h.pop_due(at(35)), 3u);
  EXPECT_EQ(h.pop_due(at(35)), 1u);
  EXPECT_EQ(h.pop_due(at(35)), std::nullopt);  // 2 is due at 40
  EXPECT_EQ(h.pop_due(at(40)), 2u);
  EXPECT_TRUE(h.empty());
}

TEST(TcpTimerHeap, RemovedEntriesNeverFireAndRandomUpdatesKeepTheOrder) {
  TimerHeap h;
  Rng rng(3);
  std::vector<std::int64_t> when(64, -1);
  for (int round = 0; round < 2000; ++round) {
    const auto id = static_cast<std::uint32_t>(rng.below(64));
    if (rng.below(4) == 0) {
      h.remove(id);
      when[id] = -1;
    } else {
      when[id] = static_cast<std::int64_t>(rng.below(1000));
      h.set(id, at(when[id]));
    }
  }
  std::int64_t last = -1;
  std::size_t popped = 0;
  while (const auto id = h.pop_due(at(1000))) {
    ASSERT_GE(when[*id], last);
    last = when[*id];
    when[*id] = -1;
    ++popped;
  }
  for (std::int64_t w : when) EXPECT_EQ(w, -1);  // every armed entry came out, once
  EXPECT_GT(popped, 0u);
}

}  // namespace
}  // namespace ws::tcp
