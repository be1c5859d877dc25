// SHA-256 (FIPS 180-4 §6.2), streaming: update() with any number of byte spans, then finish()
// for the 32-byte digest. Used to prove that a transfer delivered exactly the bytes sent.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "wirestack/base/bytes.h"

namespace ws {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  void update(Bytes data);
  // Pads and returns the digest; the object then starts over as if newly made.
  Digest finish();

  // The digest of `data` as 64 lowercase hex digits.
  static std::string hex(const Digest& digest);
  static Digest of(Bytes data);

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_len_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace ws
