#include "wirestack/base/checksum.h"

#include <gtest/gtest.h>

#include <vector>

#include "wirestack/base/rng.h"

namespace ws {
namespace {

// Straightforward RFC 1071 reference: 16-bit big-endian words, end-around carry.
std::uint16_t reference_checksum(Bytes data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += load_be16(&data[i]);
  if (data.size() % 2) sum += std::uint32_t{data.back()} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

TEST(Checksum, Rfc1071WorkedExampleMatches) {
  // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (checksum 220d).
  const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(data), 0x220d);
}

TEST(Checksum, WordWideSumEqualsReferenceForEveryLengthAndAlignment) {
  Rng rng(7);
  std::vector<std::uint8_t> buf(1600);
  for (auto& b : buf) b = static_cast<std::uint8_t>(rng.next_u32());
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t len = 0; len < 300; ++len) {
      Bytes span(buf.data() + offset, len);
      ASSERT_EQ(internet_checksum(span), reference_checksum(span)) << offset << " " << len;
    }
  }
  EXPECT_EQ(internet_checksum(Bytes(buf.data(), 1500)), reference_checksum(Bytes(buf.data(), 1500)));
}

TEST(Checksum, SumsOfEvenSpansChainLikeOneSpan) {
  std::vector<std::uint8_t> buf(100);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<std::uint8_t>(i * 37);
  const auto whole = internet_checksum(buf);
  const auto parts = checksum_finish(checksum_add(Bytes(buf).subspan(40), checksum_add(Bytes(buf).first(40))));
  EXPECT_EQ(whole, parts);
}

TEST(Checksum, BufferWithItsOwnChecksumVerifiesToZero) {
  std::uint8_t hdr[20] = {0x45, 0, 0, 0x54, 0x12, 0x34, 0x40, 0, 64, 1, 0, 0, 192, 168, 0, 10, 198, 51, 100, 1};
  store_be16(hdr + 10, internet_checksum(hdr));
  EXPECT_EQ(internet_checksum(hdr), 0);
}

TEST(Checksum, IncrementalUpdateEqualsRecomputation) {
  Rng rng(11);
  for (int i = 0; i < 1000; ++i) {
    std::uint8_t hdr[20];
    for (auto& b : hdr) b = static_cast<std::uint8_t>(rng.next_u32());
    store_be16(hdr + 10, 0);
    store_be16(hdr + 10, internet_checksum(hdr));
    // Change a 16-bit word (TTL/protocol) and a 32-bit word (source address).
    const std::uint16_t old16 = load_be16(hdr + 8);
    const auto new16 = static_cast<std::uint16_t>(rng.next_u32());
    const std::uint32_t old32 = load_be32(hdr + 12);
    const std::uint32_t new32 = rng.next_u32();
    std::uint16_t c = checksum_update16(load_be16(hdr + 10), old16, new16);
    c = checksum_update32(c, old32, new32);
    store_be16(hdr + 8, new16);
    store_be32(hdr + 12, new32);
    store_be16(hdr + 10, c);
    ASSERT_EQ(internet_checksum(hdr), 0) << "iteration " << i;
  }
}

}  // namespace
}  // namespace ws
