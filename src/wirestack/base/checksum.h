// The Internet checksum: RFC 1071 (computation) and RFC 1624 (incremental update).
#pragma once

#include <cstdint>

#include "wirestack/base/bytes.h"

namespace ws {

// A running one's-complement sum, not yet folded. Sums of several spans (a pseudo-header and a
// payload, say) add up by passing the previous result as `acc`. Each span is summed as if it
// started on an even byte offset of the whole; only the last span may have odd length.
std::uint64_t checksum_add(Bytes data, std::uint64_t acc = 0);

// Folds a running sum to 16 bits and complements it: the value that goes into a header.
std::uint16_t checksum_finish(std::uint64_t acc);

// The checksum of one span (RFC 1071). A span that includes its own correct checksum field
// yields 0.
inline std::uint16_t internet_checksum(Bytes data) { return checksum_finish(checksum_add(data)); }

// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for a 16-bit field changed from `old_value` to
// `new_value`.
std::uint16_t checksum_update16(std::uint16_t checksum, std::uint16_t old_value,
                                std::uint16_t new_value);
// The same for a 32-bit field (an IPv4 address), as two 16-bit words.
std::uint16_t checksum_update32(std::uint16_t checksum, std::uint32_t old_value,
                                std::uint32_t new_value);

}  // namespace ws
