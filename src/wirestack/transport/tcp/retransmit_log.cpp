#include "wirestack/transport/tcp/retransmit_log.h"

#include <algorithm>

namespace ws::tcp {
namespace {

// The bytes of [left, right) above snd_una that no SACK block covers.
std::uint32_t unsacked(const SackScoreboard& sack, Seq left, Seq right, Seq snd_una) {
  const Seq from = seq_max(left, snd_una);
  if (!(from < right)) return 0;
  return static_cast<std::uint32_t>(right - from) - sack.sacked_in(from, right);
}

}  // namespace

void RetransmitLog::record(Seq left, Seq right, Seq fence) {
  if (count_ == kCapacity || !(left < right)) return;
  left_[count_] = left;
  fence_[count_] = fence;
  len_[count_] = static_cast<std::uint16_t>(std::min<std::uint32_t>(right - left, 0xffff));
  ++count_;
}

void RetransmitLog::remove(std::size_t i) {
  // Keep the order (oldest first): lost ones go again in the order they first went.
  for (std::size_t k = i; k + 1 < count_; ++k) {
    left_[k] = left_[k + 1];
    fence_[k] = fence_[k + 1];
    len_[k] = len_[k + 1];
  }
  const auto below = static_cast<std::uint8_t>((1u << i) - 1);
  lost_mask_ = static_cast<std::uint8_t>((lost_mask_ & below) | ((lost_mask_ >> 1) & ~below));
  --count_;
}

std::uint32_t RetransmitLog::update(const SackScoreboard& sack, Seq snd_una, Seq snd_max,
                                    std::uint32_t smss) {
  std::uint32_t newly_lost = 0;
  for (std::size_t i = 0; i < count_;) {
    if (unsacked(sack, left_[i], right(i), snd_una) == 0) {
      remove(i);  // delivered
      continue;
    }
    const auto bit = static_cast<std::uint8_t>(1u << i);
    // RFC 8985 §6.2 with sequence numbers for send times (see the header): more than
    // (DupThresh - 1) * SMSS bytes sent after the retransmission were delivered.
    if (!(lost_mask_ & bit) && fence_[i] < snd_max &&
        sack.sacked_in(fence_[i], snd_max) > (SackScoreboard::kDupThresh - 1) * smss) {
      lost_mask_ |= bit;
      ++newly_lost;
    }
    ++i;
  }
  return newly_lost;
}

std::optional<SackScoreboard::Range> RetransmitLog::next_lost(const SackScoreboard& sack,
                                                              Seq snd_una) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (!(lost_mask_ & (1u << i))) continue;
    if (auto hole = sack.next_hole(seq_max(left_[i], snd_una), right(i))) return hole;
  }
  return std::nullopt;
}

void RetransmitLog::resent(SackScoreboard::Range range, Seq fence) {
  for (std::size_t i = 0; i < count_; ++i) {
    if (!(lost_mask_ & (1u << i)) || !(left_[i] <= range.left && range.left < right(i))) continue;
    fence_[i] = fence;
    lost_mask_ = static_cast<std::uint8_t>(lost_mask_ & ~(1u << i));
    return;
  }
}

std::uint32_t RetransmitLog::lost_bytes(const SackScoreboard& sack, Seq snd_una) const {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (lost_mask_ & (1u << i)) n += unsacked(sack, left_[i], right(i), snd_una);
  }
  return n;
}

}  // namespace ws::tcp
