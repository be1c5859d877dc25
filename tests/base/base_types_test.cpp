#include <gtest/gtest.h>

#include <set>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/result.h"
#include "wirestack/base/rng.h"
#include "wirestack/base/seq.h"
#include "wirestack/base/time.h"

namespace ws {
namespace {

TEST(Seq, ComparesAcrossWrapAround) {
  const Seq a(0xfffffff0u);
  const Seq b = a + 0x20;
  EXPECT_EQ(b.raw(), 0x10u);
  EXPECT_LT(a, b);
  EXPECT_GT(b, a);
  EXPECT_EQ(b - a, 0x20);
  EXPECT_EQ(a - b, -0x20);
  EXPECT_TRUE(seq_in_window(Seq(5), a, b));
  EXPECT_FALSE(seq_in_window(b, a, b));
  EXPECT_EQ(seq_max(a, b), b);
}

TEST(Rng, SameSeedSameSequenceDifferentSeedDifferentSequence) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    differs |= x != c.next_u64();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, BelowStaysInRangeAndCoversIt) {
  Rng r(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 10000; ++i) {
    const auto v = r.between(49152, 49161);
    ASSERT_GE(v, 49152u);
    ASSERT_LE(v, 49161u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(Rng, ChanceMatchesProbabilityRoughly) {
  Rng r(3);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += r.chance(0.05);
  EXPECT_NEAR(hits, 5000, 400);
  EXPECT_FALSE(Rng(3).chance(0.0));
}

TEST(PacketBuffer, PrependWritesHeadersInFrontWithoutMovingPayload) {
  PacketBuffer b(256, 64);
  auto payload = b.append(4);
  payload[0] = 'd';
  const auto* payload_addr = b.data().data();
  auto hdr = b.prepend(2);
  hdr[0] = 'h';
  EXPECT_EQ(b.size(), 6u);
  EXPECT_EQ(b.data()[0], 'h');
  EXPECT_EQ(b.data().data() + 2, payload_addr);
  EXPECT_EQ(b.headroom(), 62u);
  b.trim_front(2);
  EXPECT_EQ(b.data()[0], 'd');
}

TEST(PacketPool, RecyclesBuffersSoSteadyStateAllocatesNothing) {
  PacketPool pool(2048);
  for (int i = 0; i < 1000; ++i) {
    auto a = pool.take();
    auto b = pool.take();
    pool.give(std::move(a));
    pool.give(std::move(b));
  }
  EXPECT_EQ(pool.allocated(), 2u);
}

TEST(Result, CarriesValueOrTypedError) {
  enum class E { kBad };
  Result<int, E> ok = 5;
  Result<int, E> bad = Err{E::kBad};
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), E::kBad);
}

TEST(Time, InstantsAndDurationsDoArithmetic) {
  const Instant t = Instant::epoch() + Duration::millis(1500);
  EXPECT_EQ((t - Instant::epoch()).as_micros(), 1500000);
  EXPECT_EQ(format_seconds(t), "1.500000");
  EXPECT_EQ(format_millis(Duration::micros(1234)), "1.234 ms");
}

}  // namespace
}  // namespace ws
