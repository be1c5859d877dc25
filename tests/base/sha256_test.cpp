// SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf", "SHA2 additional").
#include "wirestack/base/sha256.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace ws {
namespace {

Bytes as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string digest_hex(std::string_view s) {
  return Sha256::hex(Sha256::of(as_bytes(s)));
}

TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(digest_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, OneBlockMessageAbc) {
  EXPECT_EQ(digest_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage448Bits) {
  EXPECT_EQ(digest_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MessageOf896Bits) {
  EXPECT_EQ(
      digest_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklm"
                 "nopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionLetterA) {
  const std::vector<std::uint8_t> a(1'000'000, 'a');
  EXPECT_EQ(Sha256::hex(Sha256::of(a)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecewiseUpdatesEqualOneUpdateAtEveryLengthAndSplit) {
  std::vector<std::uint8_t> data(200);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  for (std::size_t len = 0; len <= data.size(); len += 13) {
    const Bytes whole(data.data(), len);
    const auto expected = Sha256::of(whole);
    for (std::size_t split = 0; split <= len; split += 5) {
      Sha256 h;
      h.update(whole.first(split));
      h.update(whole.subspan(split));
      EXPECT_EQ(h.finish(), expected) << "len " << len << " split " << split;
    }
  }
}

TEST(Sha256, FinishStartsOver) {
  Sha256 h;
  h.update(as_bytes("garbage"));
  h.finish();
  h.update(as_bytes("abc"));
  EXPECT_EQ(Sha256::hex(h.finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace ws
