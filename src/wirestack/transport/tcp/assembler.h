// The out-of-order data a receiver holds beyond rcv_nxt (smoltcp's Assembler): a sorted,
// bounded list of disjoint sequence ranges. A segment that would need more ranges than the
// bound is dropped (the sender retransmits it), so a hostile peer cannot make the list grow.
// The ranges are also what the receiver reports in SACK blocks (RFC 2018).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "wirestack/base/seq.h"
#include "wirestack/wire/tcp.h"

namespace ws::tcp {

class Assembler {
 public:
  static constexpr std::size_t kMaxRanges = 8;

  // Records [left, right) as received. False when it would need a range more than the bound
  // (nothing is recorded then).
  bool add(Seq left, Seq right);
  // When the first range starts at or before `rcv_nxt`, removes it and returns its end: the
  // new rcv_nxt.
  std::optional<Seq> take_front(Seq rcv_nxt);
  bool empty() const { return count_ == 0; }
  std::size_t count() const { return count_; }
  void clear() { count_ = 0; }
  // The ranges, sorted, disjoint and not touching.
  std::span<const SackBlock> ranges() const { return {ranges_.data(), count_}; }

  // Up to `max` SACK blocks: first the range holding the latest segment added (RFC 2018 §4),
  // then the others from the lowest. Returns the number written.
  std::size_t sack_blocks(SackBlock* out, std::size_t max) const;

 private:
  std::array<SackBlock, kMaxRanges> ranges_{};
  std::size_t count_ = 0;
  Seq latest_;  // a sequence number inside the range that last grew
};

}  // namespace ws::tcp
