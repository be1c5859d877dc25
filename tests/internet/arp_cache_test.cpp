#include "wirestack/internet/arp_cache.h"

#include <gtest/gtest.h>

#include "frames.h"

namespace ws {
namespace {

using test::ip;
using test::mac;

const Instant t0 = Instant::epoch() + Duration::seconds(100);

PacketBuffer packet(std::uint8_t tag) {
  PacketBuffer b(64, 16);
  b.append(1)[0] = tag;
  return b;
}

TEST(ArpCache, FirstDatagramStartsResolutionLaterOnesOnlyQueue) {
  ArpCache cache;
  EXPECT_TRUE(cache.enqueue(ip("10.0.0.2"), packet(1), t0).send_request);
  EXPECT_FALSE(cache.enqueue(ip("10.0.0.2"), packet(2), t0).send_request);
  EXPECT_EQ(cache.lookup(ip("10.0.0.2")), nullptr);
  EXPECT_EQ(cache.queued_total(), 2u);
}

TEST(ArpCache, ResolutionReleasesQueueInOrder) {
  ArpCache cache;
  for (std::uint8_t i = 1; i <= 3; ++i) (void)cache.enqueue(ip("10.0.0.2"), packet(i), t0);
  EXPECT_EQ(cache.update(ip("10.0.0.2"), mac(2), t0, false), ArpCache::Change::kUpdated);
  ASSERT_NE(cache.lookup(ip("10.0.0.2")), nullptr);
  EXPECT_EQ(*cache.lookup(ip("10.0.0.2")), mac(2));
  for (std::uint8_t i = 1; i <= 3; ++i) {
    auto p = cache.take_queued(ip("10.0.0.2"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->data()[0], i);
  }
  EXPECT_FALSE(cache.take_queued(ip("10.0.0.2")));
  EXPECT_EQ(cache.queued_total(), 0u);
}

TEST(ArpCache, PerNeighbourQueueOverflowDropsOldest) {
  ArpCacheConfig config;
  config.queue_per_entry = 2;
  ArpCache cache(config);
  (void)cache.enqueue(ip("10.0.0.2"), packet(1), t0);
  (void)cache.enqueue(ip("10.0.0.2"), packet(2), t0);
  auto r = cache.enqueue(ip("10.0.0.2"), packet(3), t0);
  ASSERT_TRUE(r.dropped);
  EXPECT_EQ(r.dropped->data()[0], 1);
  EXPECT_TRUE(r.queued);
  (void)cache.update(ip("10.0.0.2"), mac(2), t0, false);
  EXPECT_EQ(cache.take_queued(ip("10.0.0.2"))->data()[0], 2);
  EXPECT_EQ(cache.take_queued(ip("10.0.0.2"))->data()[0], 3);
}

TEST(ArpCache, TotalQueueBoundDropsNewDatagramAndOtherNeighboursStillQueue) {
  ArpCacheConfig config;
  config.queue_per_entry = 4;
  config.queue_total = 3;
  ArpCache cache(config);
  for (std::uint8_t i = 1; i <= 3; ++i) (void)cache.enqueue(ip("10.0.0.2"), packet(i), t0);
  auto r = cache.enqueue(ip("10.0.0.3"), packet(9), t0);
  EXPECT_TRUE(r.send_request);
  EXPECT_FALSE(r.queued);
  ASSERT_TRUE(r.dropped);
  EXPECT_EQ(r.dropped->data()[0], 9);
  // Resolving one neighbour frees room for another.
  (void)cache.update(ip("10.0.0.2"), mac(2), t0, false);
  while (cache.take_queued(ip("10.0.0.2"))) {
  }
  EXPECT_FALSE(cache.enqueue(ip("10.0.0.3"), packet(10), t0).dropped);
}

TEST(ArpCache, RetriesThenFailsHandingBackTheQueue) {
  ArpCache cache;  // 3 requests, 1 s apart
  (void)cache.enqueue(ip("10.0.0.2"), packet(1), t0);
  (void)cache.enqueue(ip("10.0.0.2"), packet(2), t0);
  EXPECT_EQ(cache.poll_at(), t0 + Duration::seconds(1));
  EXPECT_FALSE(cache.next_timeout(t0 + Duration::millis(999)));
  auto t = cache.next_timeout(t0 + Duration::seconds(1));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ArpCache::Timeout::Kind::kRetry);
  EXPECT_EQ(t->attempt, 2u);
  t = cache.next_timeout(t0 + Duration::seconds(2));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->attempt, 3u);
  EXPECT_FALSE(cache.next_timeout(t0 + Duration::millis(2999)));
  t = cache.next_timeout(t0 + Duration::seconds(3));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ArpCache::Timeout::Kind::kFailed);
  EXPECT_EQ(t->ip, ip("10.0.0.2"));
  EXPECT_EQ(cache.take_failed()->data()[0], 1);
  EXPECT_EQ(cache.take_failed()->data()[0], 2);
  EXPECT_FALSE(cache.take_failed());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.queued_total(), 0u);
}

TEST(ArpCache, EntryExpiresAfterReachableTimeUnlessRefreshed) {
  ArpCacheConfig config;
  config.reachable_time = Duration::seconds(60);
  ArpCache cache(config);
  EXPECT_EQ(cache.update(ip("10.0.0.2"), mac(2), t0, true), ArpCache::Change::kAdded);
  EXPECT_EQ(cache.update(ip("10.0.0.2"), mac(2), t0 + Duration::seconds(30), false),
            ArpCache::Change::kRefreshed);
  EXPECT_FALSE(cache.next_timeout(t0 + Duration::seconds(60)));  // refreshed at 30 s
  ASSERT_NE(cache.lookup(ip("10.0.0.2")), nullptr);
  auto t = cache.next_timeout(t0 + Duration::seconds(90));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kind, ArpCache::Timeout::Kind::kExpired);
  EXPECT_EQ(t->mac, mac(2));
  EXPECT_EQ(cache.lookup(ip("10.0.0.2")), nullptr);
}

TEST(ArpCache, MergeWithoutCreateIgnoresUnknownAddress) {
  ArpCache cache;
  EXPECT_EQ(cache.update(ip("10.0.0.2"), mac(2), t0, false), ArpCache::Change::kNone);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ArpCache, TableBoundRefusesNewNeighbours) {
  ArpCacheConfig config;
  config.max_entries = 2;
  ArpCache cache(config);
  (void)cache.update(ip("10.0.0.2"), mac(2), t0, true);
  (void)cache.update(ip("10.0.0.3"), mac(3), t0, true);
  EXPECT_EQ(cache.update(ip("10.0.0.4"), mac(4), t0, true), ArpCache::Change::kTableFull);
  auto r = cache.enqueue(ip("10.0.0.5"), packet(1), t0);
  EXPECT_TRUE(r.table_full);
  EXPECT_TRUE(r.dropped);
  EXPECT_FALSE(r.send_request);
}

}  // namespace
}  // namespace ws
