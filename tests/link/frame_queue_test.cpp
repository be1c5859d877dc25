#include "wirestack/link/frame_queue.h"

#include <gtest/gtest.h>

#include <vector>

namespace ws {
namespace {

std::vector<std::uint8_t> bytes_of(std::size_t n, std::uint8_t fill) {
  return std::vector<std::uint8_t>(n, fill);
}

TEST(FrameQueue, KeepsOrderAcrossWrapAroundAndGrowth) {
  FrameQueue q(64);
  PacketBuffer out;
  std::uint8_t next_in = 0, next_out = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 7 + 1; ++i, ++next_in) {
      q.push(Instant::from_nanos(next_in), bytes_of(10 + next_in % 5, next_in));
    }
    while (q.size() > static_cast<std::size_t>(round % 3)) {
      EXPECT_EQ(q.front_time(), Instant::from_nanos(next_out));
      q.pop_into(out);
      ASSERT_EQ(out.size(), 10u + next_out % 5);
      EXPECT_EQ(out.data()[0], next_out);
      ++next_out;
    }
  }
}

TEST(FrameQueue, PoppedFrameSurvivesLaterPushes) {
  FrameQueue q(64);
  PacketBuffer out;
  q.push(Instant{}, bytes_of(20, 1));
  q.pop_into(out);
  for (int i = 0; i < 100; ++i) q.push(Instant{}, bytes_of(20, 2));
  EXPECT_EQ(out.size(), 20u);
  EXPECT_EQ(out.data()[19], 1);
}

TEST(FrameQueue, BackIsTheNewestFrameWritable) {
  FrameQueue q(16);
  q.push(Instant{}, bytes_of(4, 1));
  q.push(Instant{}, bytes_of(4, 2));
  q.back()[0] = 9;
  EXPECT_EQ(q.frame_at(1)[0], 9);
  EXPECT_EQ(q.frame_at(0)[0], 1);
}

TEST(FrameQueue, TakesFramesLargerThanItsBuffersAndEmptyOnes) {
  FrameQueue q(16);
  q.push(Instant{}, bytes_of(3000, 7));
  q.push(Instant{}, {});
  EXPECT_EQ(q.frame_at(0).size(), 3000u);
  EXPECT_EQ(q.frame_at(1).size(), 0u);
  q.pop();
  q.pop();
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace ws
