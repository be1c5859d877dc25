// The sender's record of what the receiver reported holding above snd_una in SACK blocks
// (RFC 2018), and the questions RFC 6675's loss recovery asks of it: which bytes are deemed
// lost (IsLost), what to send next (NextSeg's holes), and how much is in the network (pipe).
// The blocks are kept in an Assembler (the same bounded range list the receiver keeps): a block
// beyond its bound is forgotten, so we may resend data the receiver has, never skip data it
// lacks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "wirestack/base/seq.h"
#include "wirestack/transport/tcp/assembler.h"

namespace ws::tcp {

class SackScoreboard {
 public:
  static constexpr std::uint32_t kDupThresh = 3;  // RFC 6675 §2 DupThresh

  using Range = SackBlock;

  // Records a block from an ACK when it is plausible: within (snd_una, snd_max] (RFC 2018 §4;
  // D-SACK blocks below snd_una carry nothing for recovery and are ignored).
  void add(Seq start, Seq end, Seq snd_una, Seq snd_max);
  // The cumulative ACK moved to `snd_una`: blocks at or below it are done.
  void advance(Seq snd_una);
  void clear() { blocks_.clear(); }
  bool empty() const { return blocks_.empty(); }
  std::span<const SackBlock> blocks() const { return blocks_.ranges(); }

  // Bytes SACKed within [from, to).
  std::uint32_t sacked_in(Seq from, Seq to) const;
  // RFC 6675 IsLost() for an unSACKed byte: every unSACKed byte below the returned sequence
  // number is deemed lost (DupThresh discontiguous blocks above it, or more than
  // (DupThresh - 1) * SMSS SACKed bytes above it); `snd_una` when none is.
  Seq lost_below(Seq snd_una, std::uint32_t smss) const;
  // The first unSACKed range starting at or after `from` and before `limit`, cut at the next
  // SACKed block (NextSeg's rules 1 and 3 look for these).
  std::optional<Range> next_hole(Seq from, Seq limit) const;
  // RFC 6675 SetPipe(): unSACKed bytes in [snd_una, snd_max) not deemed lost, plus those
  // retransmitted (below high_rxt).
  std::uint32_t pipe(Seq snd_una, Seq snd_max, Seq high_rxt, std::uint32_t smss) const {
    return pipe_with(snd_una, snd_max, high_rxt, lost_below(snd_una, smss));
  }
  // The same with the loss boundary given (RACK may deem more lost than IsLost: rack.h).
  std::uint32_t pipe_with(Seq snd_una, Seq snd_max, Seq high_rxt, Seq lost_below) const;

 private:
  Assembler blocks_;
};

}  // namespace ws::tcp
