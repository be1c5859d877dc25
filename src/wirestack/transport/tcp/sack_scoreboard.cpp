#include "wirestack/transport/tcp/sack_scoreboard.h"

namespace ws::tcp {

void SackScoreboard::add(Seq start, Seq end, Seq snd_una, Seq snd_max) {
  if (!(snd_una < start && start < end && end <= snd_max)) return;
  blocks_.add(start, end);  // when the list is full the block is forgotten
}

void SackScoreboard::advance(Seq snd_una) {
  // A block the cumulative ACK reached is dropped whole: any part of it above snd_una is
  // forgotten, which is safe.
  while (blocks_.take_front(snd_una)) {
  }
}

std::uint32_t SackScoreboard::sacked_in(Seq from, Seq to) const {
  std::uint32_t n = 0;
  for (const SackBlock& b : blocks()) {
    const Seq lo = seq_max(b.left, from);
    const Seq hi = seq_min(b.right, to);
    if (lo < hi) n += static_cast<std::uint32_t>(hi - lo);
  }
  return n;
}

Seq SackScoreboard::lost_below(Seq snd_una, std::uint32_t smss) const {
  const auto ranges = blocks();
  std::uint32_t above = 0;
  for (std::size_t k = ranges.size(); k-- > 0;) {
    above += static_cast<std::uint32_t>(ranges[k].right - ranges[k].left);
    const std::size_t blocks_above = ranges.size() - k;
    if (blocks_above >= kDupThresh || above > (kDupThresh - 1) * smss) return ranges[k].left;
  }
  return snd_una;
}

std::optional<SackScoreboard::Range> SackScoreboard::next_hole(Seq from, Seq limit) const {
  Seq s = from;
  for (const SackBlock& b : blocks()) {
    if (b.right <= s) continue;
    if (b.left <= s) {
      s = b.right;  // inside a SACKed block: the hole starts after it
      continue;
    }
    // b starts beyond s: [s, b.left) is unSACKed.
    if (!(s < limit)) return std::nullopt;
    return Range{s, seq_min(b.left, limit)};
  }
  if (!(s < limit)) return std::nullopt;
  return Range{s, limit};
}

std::uint32_t SackScoreboard::pipe_with(Seq snd_una, Seq snd_max, Seq high_rxt,
                                        Seq lost_below) const {
  const Seq lost = seq_min(seq_max(lost_below, snd_una), snd_max);
  const Seq rxt = seq_min(seq_max(high_rxt, snd_una), snd_max);
  const auto unsacked = [&](Seq a, Seq b) {
    return a < b ? static_cast<std::uint32_t>(b - a) - sacked_in(a, b) : 0u;
  };
  return unsacked(lost, snd_max) + unsacked(snd_una, rxt);
}

}  // namespace ws::tcp
