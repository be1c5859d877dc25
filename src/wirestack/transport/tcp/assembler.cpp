#include "wirestack/transport/tcp/assembler.h"

namespace ws::tcp {

bool Assembler::add(Seq left, Seq right) {
  if (!(left < right)) return true;
  // First range that ends at or after `left` (it may touch or overlap the new one).
  std::size_t i = 0;
  while (i < count_ && ranges_[i].right < left) ++i;
  // Ranges [i, j) overlap or touch the new one and merge into it.
  std::size_t j = i;
  while (j < count_ && ranges_[j].left <= right) ++j;
  SackBlock merged{left, right};
  if (j > i) {
    merged.left = seq_min(left, ranges_[i].left);
    merged.right = seq_max(right, ranges_[j - 1].right);
  } else if (count_ == kMaxRanges) {
    return false;
  }
  const std::size_t removed = j - i;
  if (removed == 0) {
    for (std::size_t k = count_; k > i; --k) ranges_[k] = ranges_[k - 1];
    ++count_;
  } else {
    for (std::size_t k = j; k < count_; ++k) ranges_[k - removed + 1] = ranges_[k];
    count_ = count_ - removed + 1;
  }
  ranges_[i] = merged;
  latest_ = left;
  return true;
}

std::optional<Seq> Assembler::take_front(Seq rcv_nxt) {
  if (count_ == 0 || ranges_[0].left > rcv_nxt) return std::nullopt;
  const Seq end = ranges_[0].right;
  for (std::size_t k = 1; k < count_; ++k) ranges_[k - 1] = ranges_[k];
  --count_;
  return seq_max(end, rcv_nxt);
}

std::size_t Assembler::sack_blocks(SackBlock* out, std::size_t max) const {
  std::size_t n = 0;
  std::size_t latest = count_;
  for (std::size_t k = 0; k < count_; ++k) {
    if (ranges_[k].left <= latest_ && latest_ < ranges_[k].right) latest = k;
  }
  if (latest < count_ && n < max) out[n++] = ranges_[latest];
  for (std::size_t k = 0; k < count_ && n < max; ++k) {
    if (k != latest) out[n++] = ranges_[k];
  }
  return n;
}

}  // namespace ws::tcp
