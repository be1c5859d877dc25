#include "wirestack/base/sha256.h"

#include <algorithm>

namespace ws {
namespace {

// FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square roots of the
// first eight primes.
constexpr std::array<std::uint32_t, 8> kInitial = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<std::uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

}  // namespace

Sha256::Sha256() : state_(kInitial) {}

void Sha256::update(Bytes data) {
  total_bytes_ += data.size();
  if (block_len_ > 0) {
    const std::size_t take = std::min(data.size(), block_.size() - block_len_);
    std::copy_n(data.data(), take, block_.data() + block_len_);
    block_len_ += take;
    data = data.subspan(take);
    if (block_len_ < block_.size()) return;
    compress(block_.data());
    block_len_ = 0;
  }
  while (data.size() >= block_.size()) {
    compress(data.data());
    data = data.subspan(block_.size());
  }
  std::copy(data.begin(), data.end(), block_.data());
  block_len_ = data.size();
}

// §5.1.1: a 1 bit, zeros up to 56 bytes mod 64, then the message length in bits.
Sha256::Digest Sha256::finish() {
  const std::uint64_t bits = total_bytes_ * 8;
  block_[block_len_++] = 0x80;
  if (block_len_ > 56) {
    std::fill(block_.begin() + static_cast<std::ptrdiff_t>(block_len_), block_.end(), 0);
    compress(block_.data());
    block_len_ = 0;
  }
  std::fill(block_.begin() + static_cast<std::ptrdiff_t>(block_len_), block_.begin() + 56, 0);
  store_be32(&block_[56], static_cast<std::uint32_t>(bits >> 32));
  store_be32(&block_[60], static_cast<std::uint32_t>(bits));
  compress(block_.data());
  Digest out;
  for (std::size_t i = 0; i < state_.size(); ++i) store_be32(&out[4 * i], state_[i]);
  *this = Sha256();
  return out;
}

// §6.2.2.
void Sha256::compress(const std::uint8_t* block) {
  std::array<std::uint32_t, 64> w;
  for (int t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = state_;
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const std::uint32_t ch = (e & f) ^ (~e & g);
    const std::uint32_t t1 = h + sigma1 + ch + kRound[t] + w[t];
    const std::uint32_t sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const std::uint32_t t2 = sigma0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

std::string Sha256::hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (std::uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xf]);
  }
  return out;
}

Sha256::Digest Sha256::of(Bytes data) {
  Sha256 h;
  h.update(data);
  return h.finish();
}

}  // namespace ws
