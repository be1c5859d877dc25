#include "wirestack/base/checksum.h"

#include <cstring>

namespace ws {

namespace {

// One's-complement addition of 64-bit words: the carry out of bit 63 wraps around.
inline void add_with_carry(std::uint64_t& sum, std::uint64_t v) {
  sum += v;
  sum += (sum < v);
}

}  // namespace

// Sums 8 bytes at a time into 64-bit accumulators with end-around carry (RFC 1071 §2(B):
// the sum is independent of byte order as long as it is folded the same way). Loads are in
// host order; the folded result is byte-swapped back on little-endian hosts. Four independent
// accumulators let the adds and their carries overlap (about 2.5x one serial chain).
std::uint64_t checksum_add(Bytes data, std::uint64_t acc) {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  // `acc` is in network-order word semantics; the host-order words are summed separately.
  std::uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  while (n >= 32) {
    std::uint64_t w[4];
    std::memcpy(w, p, 32);
    add_with_carry(s0, w[0]);
    add_with_carry(s1, w[1]);
    add_with_carry(s2, w[2]);
    add_with_carry(s3, w[3]);
    p += 32;
    n -= 32;
  }
  add_with_carry(s0, s1);
  add_with_carry(s2, s3);
  std::uint64_t sum = s0;
  add_with_carry(sum, s2);
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    add_with_carry(sum, v);
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);  // zero-padded: an odd last byte is the high byte of its word
  add_with_carry(sum, tail);
  // Fold to 16 bits in host order, then express as a big-endian word value.
  sum = (sum & 0xffffffffu) + (sum >> 32);
  sum = (sum & 0xffffffffu) + (sum >> 32);
  sum = (sum & 0xffffu) + (sum >> 16);
  sum = (sum & 0xffffu) + (sum >> 16);
  std::uint16_t host_folded = static_cast<std::uint16_t>(sum);
  std::uint8_t be[2];
  std::memcpy(be, &host_folded, 2);
  return acc + load_be16(be);
}

std::uint16_t checksum_finish(std::uint64_t acc) {
  while (acc >> 16) acc = (acc & 0xffffu) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc);
}

std::uint16_t checksum_update16(std::uint16_t checksum, std::uint16_t old_value,
                                std::uint16_t new_value) {
  std::uint32_t sum = static_cast<std::uint16_t>(~checksum);
  sum += static_cast<std::uint16_t>(~old_value);
  sum += new_value;
  while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::uint16_t checksum_update32(std::uint16_t checksum, std::uint32_t old_value,
                                std::uint32_t new_value) {
  checksum = checksum_update16(checksum, static_cast<std::uint16_t>(old_value >> 16),
                               static_cast<std::uint16_t>(new_value >> 16));
  return checksum_update16(checksum, static_cast<std::uint16_t>(old_value),
                           static_cast<std::uint16_t>(new_value));
}

}  // namespace ws
