#include "wirestack/base/checksum.h"

#include <cstring>

namespace ws {

// Sums 8 bytes at a time into a 64-bit accumulator with end-around carry (RFC 1071 §2(B):
// the sum is independent of byte order as long as it is folded the same way). Loads are in
// host order; the folded result is byte-swapped back on little-endian hosts.
std::uint64_t checksum_add(Bytes data, std::uint64_t acc) {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  // Convert the incoming big-endian-word accumulator to host order sums by swapping at the end:
  // we keep `acc` in network-order semantics, so sum the host-order words separately.
  std::uint64_t sum = 0;
  while (n >= 32) {
    std::uint64_t w[4];
    std::memcpy(w, p, 32);
    for (std::uint64_t v : w) {
      sum += v;
      sum += (sum < v);  // end-around carry
    }
    p += 32;
    n -= 32;
  }
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    sum += v;
    sum += (sum < v);
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);  // zero-padded: an odd last byte is the high byte of its word
  sum += tail;
  sum += (sum < tail);
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
