// The retransmissions of one SACK recovery episode, and which of them are lost again.
//
// RFC 6675 retransmits each hole once (HighRxt only moves up), so a lost retransmission used to
// wait for the RTO. RFC 8985 §6.2 (RACK) deems a segment lost once a segment sent after it has
// been delivered; Linux's tcp_mark_lost_retrans did the same for retransmissions with sequence
// numbers. We do the latter: each retransmission remembers snd_max when it went (its fence:
// every byte at or above the fence was sent after it), and it is deemed lost again when the
// receiver SACKs more than (DupThresh - 1) * SMSS bytes above the fence while the
// retransmission itself is neither ACKed nor SACKed: the threshold RFC 6675's IsLost applies to
// first transmissions, so that reordering of a segment or two is not taken for loss.
//
// Fixed capacity, no allocation: a retransmission that finds the log full is not watched (it
// falls back to the RTO, as before).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "wirestack/base/seq.h"
#include "wirestack/transport/tcp/sack_scoreboard.h"

namespace ws::tcp {

class RetransmitLog {
 public:
  static constexpr std::size_t kCapacity = 4;

  void clear() { count_ = 0; }
  bool empty() const { return count_ == 0; }
  // [left, right) was retransmitted while snd_max was `fence`.
  void record(Seq left, Seq right, Seq fence);
  // After an ACK: forgets what was delivered (below snd_una, or all SACKed), and marks lost
  // what the SACK blocks show was passed by data sent after it. Returns how many were newly
  // deemed lost.
  std::uint32_t update(const SackScoreboard& sack, Seq snd_una, Seq snd_max, std::uint32_t smss);
  // The first unSACKed range of the first retransmission deemed lost again, if any; sending it
  // again is `resent(range, snd_max)`'s business.
  std::optional<SackScoreboard::Range> next_lost(const SackScoreboard& sack, Seq snd_una) const;
  // `range` (from next_lost) went again with snd_max at `fence`: watched afresh, not lost.
  void resent(SackScoreboard::Range range, Seq fence);
  // The unSACKed bytes of retransmissions deemed lost: RFC 6675's pipe counted them as in
  // flight (below HighRxt), which they no longer are.
  std::uint32_t lost_bytes(const SackScoreboard& sack, Seq snd_una) const;

 private:
  void remove(std::size_t i);
  Seq right(std::size_t i) const { return left_[i] + len_[i]; }

  // Entry i: [left_[i], left_[i] + len_[i]) went again while snd_max was fence_[i]. (Arrays
  // rather than structs: this is in every connection, and no padding.)
  std::array<Seq, kCapacity> left_{};
  std::array<Seq, kCapacity> fence_{};
  std::array<std::uint16_t, kCapacity> len_{};  // at most one SMSS
  std::uint8_t count_ = 0;
  std::uint8_t lost_mask_ = 0;  // bit i: entries_[i] is deemed lost again
  static_assert(kCapacity <= 8, "lost_mask_ has one bit per entry");
  static_assert(kCapacity < 256, "count_ is a byte");
};

}  // namespace ws::tcp
