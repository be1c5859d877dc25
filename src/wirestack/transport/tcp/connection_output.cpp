// What a connection sends, and when: segmentation with Nagle and sender-side SWS avoidance,
// the advertised window with receiver-side SWS avoidance, options, and the timers
// (retransmission, persist, delayed ACK, TIME-WAIT).
#include <algorithm>

#include "wirestack/transport/tcp/connection.h"

namespace ws::tcp {
namespace {
constexpr std::uint8_t kMaxPersistBackoff = 16;
}  // namespace

void Connection::output(Instant now) {
  if (state_ == State::kSynSent || state_ == State::kSynReceived) {
    if (snd_nxt_ == iss_) snd_nxt_ += emit_from(now, iss_, 0);
  } else if (synchronized(state_) && state_ != State::kTimeWait) {
    if (in_recovery_ && sack_enabled_) {
      sack_recovery_output(now);
    } else {
      while (send_new_segment(now, std::min(snd_wnd_, cc_.cwnd()))) {
      }
    }
    // Data waits but nothing is in flight to bring an ACK: the persist timer will probe
    // (RFC 9293 §3.8.6.1) or override sender SWS avoidance (§3.8.6.2.1).
    if (snd_nxt_ < data_end() && snd_una_ == snd_max_) {
      if (persist_at_ == kNever) persist_at_ = now + persist_delay();
    } else {
      persist_at_ = kNever;
    }
  }
  if (ack_now_ && state_ != State::kSynSent) send_ack(now);
}

bool Connection::send_new_segment(Instant now, std::uint32_t wnd) {
  // Going back after a timeout: what the receiver SACKed since need not go again.
  std::uint32_t hole_len = snd_mss_;
  if (snd_nxt_ < snd_max_ && !sack_.empty()) {
    const auto hole = sack_.next_hole(snd_nxt_, snd_max_);
    snd_nxt_ = hole ? hole->left : snd_max_;
    if (hole && hole->right != snd_max_)
      hole_len = static_cast<std::uint32_t>(hole->right - hole->left);
  }
  const Seq end = data_end();
  if (!(snd_nxt_ < end)) {
    // The FIN alone, once everything before it is out; it needs no window.
    if (!fin_queued_ || snd_nxt_ != end) return false;
    snd_nxt_ += emit_from(now, snd_nxt_, 0);
    return true;
  }
  const std::uint32_t usable = wnd > in_flight() ? wnd - in_flight() : 0;
  const auto avail = static_cast<std::uint32_t>(end - snd_nxt_);
  const std::uint32_t len = std::min({avail, snd_mss_, usable, hole_len});
  if (len == 0 || !nagle_allows(len, avail)) return false;
  snd_nxt_ += emit_from(now, snd_nxt_, len);
  return true;
}

void Connection::sack_recovery_output(Instant now) {
  // RFC 6675 SetPipe(), less the retransmissions deemed lost again: they left the network.
  const auto pipe = [&] {
    const std::uint32_t p = sack_.pipe_with(snd_una_, snd_max_, high_rxt_, lost_below());
    const std::uint32_t gone = rxt_log_.lost_bytes(sack_, snd_una_);
    return p > gone ? p - gone : 0;
  };
  while (pipe() + snd_mss_ <= cc_.cwnd()) {
    // RFC 8985 §7: what loss detection marked lost goes first; a lost retransmission is below
    // HighRxt, where NextSeg() does not look.
    if (auto lost = rxt_log_.next_lost(sack_, snd_una_)) {
      const Seq end = retransmit_range(now, *lost);
      rxt_log_.resent({lost->left, end}, snd_max_);
      continue;
    }
    const Seq from = seq_max(high_rxt_, snd_una_);
    // NextSeg() rule 1: the first unSACKed hole above HighRxt that is deemed lost.
    if (auto hole = sack_.next_hole(from, lost_below())) {
      retransmit_hole(now, *hole);
      continue;
    }
    // Rule 2: new data, as the receive window allows.
    if (send_new_segment(now, snd_wnd_)) continue;
    // Rule 3: an unSACKed hole above HighRxt below the highest SACKed byte.
    const auto blocks = sack_.blocks();
    if (blocks.empty()) return;
    if (auto hole = sack_.next_hole(from, blocks.back().right)) {
      retransmit_hole(now, *hole);
      continue;
    }
    // Rule 4.
    if (!rescue_retransmit(now)) return;
  }
}

void Connection::retransmit_hole(Instant now, SackScoreboard::Range hole) {
  high_rxt_ = retransmit_range(now, hole);
  rxt_log_.record(hole.left, high_rxt_, snd_max_);
}

Seq Connection::retransmit_range(Instant now, SackScoreboard::Range range) {
  const std::uint32_t len =
      std::min(static_cast<std::uint32_t>(range.right - range.left), snd_mss_);
  env_.retransmitted(now, *this, range.left, len, false);
  return range.left + emit_from(now, range.left, len);
}

// RFC 6675 §4 NextSeg() rule 4: when rules 1-3 find nothing, one segment holding the highest
// unSACKed sequence number, once per recovery episode (RescueRxt), HighRxt unchanged. It
// brings a SACK (or the ACK) for the tail of the flight that nothing else would. Unlike the
// RFC, not when that segment was already retransmitted (it is at or below HighRxt): the
// retransmit log watches those.
bool Connection::rescue_retransmit(Instant now) {
  if (rescue_sent_) return false;
  const auto blocks = sack_.blocks();
  Seq top = snd_max_;  // just past the highest unSACKed byte
  Seq floor = seq_max(high_rxt_, snd_una_);
  if (!blocks.empty() && blocks.back().right == snd_max_) top = blocks.back().left;
  for (const SackBlock& b : blocks) {
    if (b.right <= top) floor = seq_max(floor, b.right);
  }
  if (!(floor < top)) return false;
  rescue_sent_ = true;
  const Seq left = top - std::min(static_cast<std::uint32_t>(top - floor), snd_mss_);
  retransmit_range(now, {left, top});
  return true;
}

// RFC 9293 §3.7.4 (Nagle) and §3.8.6.2.1 (sender SWS avoidance): send a segment when it is
// full, or it is all we have and nothing is unacknowledged (or Nagle is off, or we are
// closing), or it is at least half the largest window the peer offered.
bool Connection::nagle_allows(std::uint32_t len, std::uint32_t avail) const {
  if (len >= snd_mss_) return true;
  if (len == avail && (nodelay_ || fin_queued_ || snd_nxt_ == snd_una_)) return true;
  return max_snd_wnd_ > 0 && len >= max_snd_wnd_ / 2;
}

std::uint32_t Connection::emit_from(Instant now, Seq seq, std::uint32_t max_data) {
  std::uint32_t used = 0;
  std::size_t data = 0;
  if (seq == iss_ && (state_ == State::kSynSent || state_ == State::kSynReceived)) {
    emit(now, iss_, state_ == State::kSynSent ? tcp_flag::kSyn : (tcp_flag::kSyn | tcp_flag::kAck),
         {});
    used = 1;
  } else {
    const std::int32_t off_signed = seq - snd_buf_seq_;
    const auto off = static_cast<std::uint32_t>(std::max(off_signed, 0));
    const auto stored = static_cast<std::uint32_t>(snd_buf_.size());
    const std::uint32_t len = std::min(max_data, stored > off ? stored - off : 0);
    const bool fin = fin_queued_ && seq + len == fin_seq();
    if (len == 0 && !fin) return 0;
    std::uint16_t flags = tcp_flag::kAck;
    if (len > 0 && seq + len == data_end()) flags |= tcp_flag::kPsh;
    if (fin) flags |= tcp_flag::kFin;
    emit(now, seq, flags, snd_buf_.peek(off, len));
    used = len + (fin ? 1 : 0);
    data = len;
    if (len > 0) ++counters_.data_segs_out;
  }
  counters_.bytes_sent += data;
  if (seq < snd_max_) {
    ++counters_.retrans_segs;
    counters_.bytes_retrans += data;
    rtt_timing_ = false;  // Karn: no sample while a retransmission is outstanding
  } else if (!ts_enabled_ && !rtt_timing_) {
    rtt_timing_ = true;
    rtt_seq_ = seq;
    rtt_time_ = now;
  }
  const bool new_data = seq + used > snd_max_;
  snd_max_ = seq_max(snd_max_, seq + used);
  if (rto_at_ == kNever) rto_at_ = now + rtt_.rto();  // RFC 6298 (5.1)
  if (new_data) arm_loss_probe(now);                  // RFC 8985 §7.2
  return used;
}

void Connection::emit(Instant now, Seq seq, std::uint16_t flags, RingSlices payload) {
  TcpRepr r;
  r.src_port = tuple_.local_port;
  r.dst_port = tuple_.remote_port;
  r.seq = seq;
  r.flags = flags;
  const bool syn = (flags & tcp_flag::kSyn) != 0;
  if (flags & tcp_flag::kAck) r.ack = rcv_nxt_;
  if (!(flags & tcp_flag::kRst)) r.window = window_field(syn);
  if (syn) {
    r.options.mss = static_cast<std::uint16_t>(std::min<std::uint32_t>(rcv_mss_, 0xffff));
    if (ws_enabled_) r.options.window_scale = rcv_wscale_;
    r.options.sack_permitted = sack_enabled_;
  }
  if (ts_enabled_) r.options.timestamps = TcpOptions::Timestamps{ts_now(now), ts_recent_};
  if (sack_enabled_ && !syn && (flags & tcp_flag::kAck) && !ooo_.empty()) {
    r.options.sack_count =
        static_cast<std::uint8_t>(ooo_.sack_blocks(r.options.sack.data(), ts_enabled_ ? 3 : 4));
  }
  env_.transmit(now, tuple_, r, payload);
  ++counters_.segs_out;
  if (flags & tcp_flag::kAck) {
    last_ack_sent_ = rcv_nxt_;
    ack_now_ = false;
    ack_at_end_of_poll_ = false;
    delack_at_ = kNever;
    unacked_bytes_ = 0;
  }
}

void Connection::send_rst(Instant now, Seq seq, bool with_ack) {
  emit(now, seq, with_ack ? (tcp_flag::kRst | tcp_flag::kAck) : tcp_flag::kRst, {});
}

// The window we offer (RFC 9293 §3.8.6.2.2: the right edge moves only by at least
// min(buffer/2, MSS), and never back), scaled (RFC 7323 §2.3; never in a SYN).
std::uint16_t Connection::window_field(bool syn) {
  const auto free = static_cast<std::uint32_t>(rcv_buf_.free());
  Seq right = rcv_nxt_ + free;
  const auto threshold = std::min(static_cast<std::uint32_t>(rcv_buf_.capacity() / 2), rcv_mss_);
  if (right > rcv_adv_ && static_cast<std::uint32_t>(right - rcv_adv_) < threshold) {
    right = rcv_adv_;
  }
  right = seq_max(right, rcv_adv_);
  const std::int32_t wnd_signed = right - rcv_nxt_;
  const auto wnd = static_cast<std::uint32_t>(std::max(wnd_signed, 0));
  const std::uint8_t shift = syn ? 0 : rcv_wscale_;
  std::uint32_t field = std::min<std::uint32_t>(wnd >> shift, 0xffff);
  if (field < 0xffff && (field << shift) < wnd && rcv_nxt_ + (field << shift) < rcv_adv_) {
    ++field;  // rounding down would shrink the window
  }
  rcv_adv_ = seq_max(rcv_adv_, rcv_nxt_ + (field << shift));
  return static_cast<std::uint16_t>(field);
}

std::uint32_t Connection::ts_now(Instant now) const {
  return ts_offset_ + static_cast<std::uint32_t>(now.nanos() / 1'000'000);
}

Duration Connection::persist_delay() const {
  Duration d = rtt_.rto();
  for (std::uint8_t i = 0; i < persist_backoff_ && d < rtt_.max_rto(); ++i) d = d * 2;
  return std::min(d, rtt_.max_rto());
}

Instant Connection::next_timer() const {
  return std::min(
      {rto_at_, delack_at_, persist_at_, state_timer_at_, keepalive_at_, loss_timer_at_});
}

void Connection::on_timer(Instant now) {
  if (state_timer_at_ <= now) {
    state_timer_at_ = kNever;
    if (state_ == State::kTimeWait || state_ == State::kFinWait2) {
      return close_with(now, Error::kNone);
    }
  }
  if (rto_at_ <= now) on_rto(now);
  if (state_ == State::kClosed) return;
  if (loss_timer_at_ <= now) {
    loss_timer_at_ = kNever;
    if (loss_timer_rack_) {
      on_rack_timer(now);
    } else {
      on_loss_probe(now);
    }
  }
  if (persist_at_ <= now) on_persist(now);
  if (keepalive_at_ <= now) on_keepalive(now);
  if (state_ == State::kClosed) return;
  if (delack_at_ <= now) {
    delack_at_ = kNever;
    ack_now_ = true;
  }
  output(now);
}

// RFC 6298 (5.4)-(5.7), RFC 5681 §3.1 (the loss window), RFC 6582 §4 (recover).
void Connection::on_rto(Instant now) {
  rto_at_ = kNever;
  if (snd_una_ == snd_max_) return;
  const bool connecting = state_ == State::kSynSent || state_ == State::kSynReceived;
  if (++retries_ > (connecting ? syn_retries_ : data_retries_)) {
    return close_with(now, Error::kTimedOut);
  }
  ++counters_.timeouts;
  const auto flight = static_cast<std::uint32_t>(snd_max_ - snd_una_);
  env_.retransmitted(now, *this, snd_una_, std::min(flight, snd_mss_), true);
  rtt_.back_off();
  if (!connecting) cc_.on_timeout(flight);
  in_recovery_ = false;
  dup_acks_ = 0;
  recover_ = snd_max_;
  sack_.clear();  // RFC 2018 §8: the receiver may have discarded what it SACKed
  rxt_log_.clear();
  loss_timer_at_ = kNever;
  rack_lost_below_ = snd_una_;
  tlp_out_ = false;
  rtt_timing_ = false;
  snd_nxt_ = snd_una_;  // go back: what was in flight is sent again as the window allows
}

void Connection::on_persist(Instant now) {
  persist_at_ = kNever;
  if (persist_backoff_ < kMaxPersistBackoff) ++persist_backoff_;
  const std::uint32_t wnd = std::min(snd_wnd_, cc_.cwnd());
  const std::uint32_t usable = wnd > in_flight() ? wnd - in_flight() : 0;
  if (usable > 0) {
    // The window is open but small: send what fits rather than wait for more (the SWS
    // override timeout).
    const auto avail = static_cast<std::uint32_t>(data_end() - snd_nxt_);
    snd_nxt_ += emit_from(now, snd_nxt_, std::min({avail, snd_mss_, usable}));
    return;
  }
  // A zero-window probe: an already acknowledged sequence number, so the peer answers with an
  // ACK carrying its current window (Linux's tcp_xmit_probe_skb).
  ++counters_.zero_window_probes;
  emit(now, snd_una_ - 1, tcp_flag::kAck, {});
}

// RFC 1122 §4.2.3.6: after the idle time, probe with an old sequence number (like a zero-window
// probe) every interval; when `keepalive_probes` in a row go unanswered, the peer is gone.
void Connection::on_keepalive(Instant now) {
  keepalive_at_ = kNever;
  if (snd_una_ != snd_max_) {
    // Data in flight: the retransmission timer watches the peer instead.
    keepalive_at_ = now + keepalive_interval_;
    return;
  }
  if (keepalive_sent_ >= keepalive_probes_) return close_with(now, Error::kTimedOut);
  ++keepalive_sent_;
  ++counters_.keepalive_probes;
  emit(now, snd_una_ - 1, tcp_flag::kAck, {});
  keepalive_at_ = now + keepalive_interval_;
}

void Connection::retransmit_first(Instant now) {
  const auto flight = static_cast<std::uint32_t>(snd_max_ - snd_una_);
  env_.retransmitted(now, *this, snd_una_, std::min(flight, snd_mss_), false);
  emit_from(now, snd_una_, snd_mss_);
}

}  // namespace ws::tcp
