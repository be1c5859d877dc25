#include "wirestack/sim/scheduler.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace ws::sim {
namespace {

Instant at_ms(std::int64_t ms) {
  return Instant::epoch() + Duration::millis(ms);
}

class Log final : public EventHandler {
 public:
  void on_event(Instant at, std::uint64_t tag) override { fired.emplace_back(at.nanos(), tag); }
  std::vector<std::pair<std::int64_t, std::uint64_t>> fired;
};

void fire_all(Scheduler& s) {
  while (s.fire_next(at_ms(1'000'000))) {
  }
}

TEST(Scheduler, FiresInTimeOrder) {
  Scheduler s;
  Log log;
  s.schedule(at_ms(30), log, 3);
  s.schedule(at_ms(10), log, 1);
  s.schedule(at_ms(20), log, 2);
  EXPECT_EQ(s.next_at(), at_ms(10));
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 3u);
  EXPECT_EQ(log.fired[0].second, 1u);
  EXPECT_EQ(log.fired[1].second, 2u);
  EXPECT_EQ(log.fired[2].second, 3u);
  EXPECT_EQ(log.fired[2].first, at_ms(30).nanos());
  EXPECT_FALSE(s.next_at());
  EXPECT_EQ(s.fired(), 3u);
}

TEST(Scheduler, TiesFireInInsertionOrder) {
  Scheduler s;
  Log log;
  for (std::uint64_t i = 0; i < 100; ++i) s.schedule(at_ms(5), log, i);
  s.schedule(at_ms(1), log, 1000);
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 101u);
  EXPECT_EQ(log.fired[0].second, 1000u);
  for (std::uint64_t i = 0; i < 100; ++i) EXPECT_EQ(log.fired[i + 1].second, i);
}

TEST(Scheduler, EventScheduledForNowDuringFiringRunsAfterThoseAlreadyDue) {
  Scheduler s;
  struct Chain final : EventHandler {
    Scheduler* s;
    Log* log;
    void on_event(Instant at, std::uint64_t tag) override {
      log->on_event(at, tag);
      if (tag == 0) s->schedule(at, *log, 99);
    }
  } chain;
  Log log;
  chain.s = &s;
  chain.log = &log;
  s.schedule(at_ms(1), chain, 0);
  s.schedule(at_ms(1), log, 1);
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 3u);
  EXPECT_EQ(log.fired[1].second, 1u);
  EXPECT_EQ(log.fired[2].second, 99u);
}

TEST(Scheduler, FireNextStopsAtTheLimit) {
  Scheduler s;
  Log log;
  s.schedule(at_ms(10), log);
  EXPECT_FALSE(s.fire_next(at_ms(9)));
  EXPECT_TRUE(s.fire_next(at_ms(10)));
  EXPECT_FALSE(s.fire_next(at_ms(10)));
}

TEST(Scheduler, CancelledEventsNeverFire) {
  Scheduler s;
  Log log;
  const TimerId a = s.schedule(at_ms(1), log, 1);
  const TimerId b = s.schedule(at_ms(2), log, 2);
  EXPECT_TRUE(s.pending(a));
  EXPECT_TRUE(s.cancel(a));
  EXPECT_FALSE(s.pending(a));
  EXPECT_FALSE(s.cancel(a));
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.next_at(), at_ms(2));
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 1u);
  EXPECT_EQ(log.fired[0].second, 2u);
  EXPECT_FALSE(s.pending(b));
  EXPECT_FALSE(s.cancel(b));
  EXPECT_FALSE(s.cancel(TimerId{}));
}

TEST(Scheduler, ReusedSlotDoesNotReviveACancelledTimer) {
  Scheduler s;
  Log log;
  const TimerId old = s.schedule(at_ms(50), log, 1);
  s.cancel(old);
  const TimerId fresh = s.schedule(at_ms(60), log, 2);
  EXPECT_EQ(fresh.slot, old.slot);
  EXPECT_FALSE(s.pending(old));
  EXPECT_FALSE(s.cancel(old));
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 1u);
  EXPECT_EQ(log.fired[0].second, 2u);
}

TEST(Scheduler, ManyCancellationsKeepOrderAndCount) {
  Scheduler s;
  Log log;
  std::vector<TimerId> ids;
  for (std::uint64_t i = 0; i < 10'000; ++i) ids.push_back(s.schedule(at_ms(10'000 - i), log, i));
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    if (i % 10 != 0) s.cancel(ids[i]);
  }
  EXPECT_EQ(s.size(), 1000u);
  fire_all(s);
  ASSERT_EQ(log.fired.size(), 1000u);
  for (std::size_t i = 1; i < log.fired.size(); ++i) {
    EXPECT_LT(log.fired[i - 1].first, log.fired[i].first);
    EXPECT_EQ(log.fired[i].second % 10, 0u);
  }
}

}  // namespace
}  // namespace ws::sim
