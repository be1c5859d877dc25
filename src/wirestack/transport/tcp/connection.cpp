// Segment arrival (RFC 9293 §3.10.7) and the user calls.
#include "wirestack/transport/tcp/connection.h"

#include <algorithm>
#include <utility>

namespace ws::tcp {
namespace {

constexpr std::uint32_t kDefaultMss = 536;    // RFC 9293 §3.7.1, when the peer sends none
constexpr std::uint32_t kMinMss = 64;         // a peer's tiny MSS must not make us spin
constexpr std::uint32_t kTimestampLen = 12;   // NOP NOP TS, taken from every segment's payload
constexpr std::uint8_t kMaxWindowScale = 14;  // RFC 7323 §2.3

// The smallest shift that lets a 16-bit field describe the whole buffer.
std::uint8_t scale_for(std::uint32_t buffer) {
  std::uint8_t s = 0;
  while (s < kMaxWindowScale && (buffer >> s) > 0xffff) ++s;
  return s;
}

std::uint8_t clamp8(std::uint32_t v) {
  return static_cast<std::uint8_t>(std::min(v, 255u));
}

}  // namespace

Connection::Connection(Env& env, const Config& config, const Tuple& tuple, Seq iss,
                       std::uint32_t ts_offset)
    : env_(env),
      tuple_(tuple),
      nodelay_(config.nodelay),
      ts_enabled_(config.timestamps),
      ws_enabled_(config.window_scale),
      sack_enabled_(config.sack),
      rcv_wscale_(config.window_scale ? scale_for(config.receive_buffer) : 0),
      syn_retries_(clamp8(config.syn_retries)),
      data_retries_(clamp8(config.data_retries)),
      initial_cwnd_(clamp8(config.initial_cwnd_segments)),
      keepalive_probes_(
          config.keepalive ? std::max<std::uint8_t>(clamp8(config.keepalive_probes), 1) : 0),
      iss_(iss),
      snd_una_(iss),
      snd_nxt_(iss),
      snd_max_(iss),
      snd_buf_seq_(iss + 1),
      recover_(iss),
      rcv_mss_(config.mss),
      ts_offset_(ts_offset),
      delayed_ack_(config.delayed_ack),
      coalesce_acks_(config.coalesce_acks),
      keepalive_idle_(config.keepalive_idle),
      keepalive_interval_(config.keepalive_interval),
      msl_(config.msl),
      rtt_(config.initial_rto, config.min_rto, config.max_rto),
      cc_(config.congestion),
      snd_buf_(config.send_buffer, &env.buffer_pool()),
      rcv_buf_(config.receive_buffer, &env.buffer_pool()) {
  cc_.init(snd_mss_, initial_cwnd_);
  rack_end_ = rack_lost_below_ = tlp_end_ = iss;
}

void Connection::open_active(Instant now) {
  set_state(now, State::kSynSent);
  output(now);
}

void Connection::open_passive(Instant now, const TcpRepr& syn) {
  irs_ = syn.seq;
  rcv_nxt_ = irs_ + 1;
  rcv_adv_ = rcv_nxt_;
  negotiate(syn);
  snd_wnd_ = max_snd_wnd_ = syn.window;  // never scaled in a SYN (RFC 7323 §2.2)
  snd_wl1_ = syn.seq;
  snd_wl2_ = iss_;
  set_state(now, State::kSynReceived);
  output(now);
}

void Connection::open_from_cookie(Instant now, const TcpRepr& ack, Bytes payload,
                                  std::uint16_t mss) {
  irs_ = ack.seq - 1;
  rcv_nxt_ = rcv_adv_ = ack.seq;
  ws_enabled_ = ts_enabled_ = sack_enabled_ = false;
  snd_wscale_ = rcv_wscale_ = 0;
  snd_mss_ = mss;
  cc_.init(snd_mss_, initial_cwnd_);
  snd_una_ = snd_nxt_ = snd_max_ = iss_ + 1;
  snd_wnd_ = max_snd_wnd_ = ack.window;
  snd_wl1_ = ack.seq;
  snd_wl2_ = ack.ack;
  set_state(now, State::kSynReceived);
  set_state(now, State::kEstablished);
  on_segment(now, ack, payload);
}

// Options in the peer's SYN decide what this connection speaks: each one only when both ends
// offered it.
void Connection::negotiate(const TcpRepr& syn) {
  const TcpOptions& o = syn.options;
  snd_mss_ = std::max<std::uint32_t>(o.mss.value_or(kDefaultMss), kMinMss);
  ws_enabled_ = ws_enabled_ && o.window_scale.has_value();
  if (ws_enabled_) {
    snd_wscale_ = std::min(*o.window_scale, kMaxWindowScale);
  } else {
    snd_wscale_ = rcv_wscale_ = 0;
  }
  ts_enabled_ = ts_enabled_ && o.timestamps.has_value();
  if (ts_enabled_) {
    ts_recent_ = o.timestamps->value;
    snd_mss_ -= kTimestampLen;
  }
  sack_enabled_ = sack_enabled_ && o.sack_permitted;
  cc_.init(snd_mss_, initial_cwnd_);
}

void Connection::on_segment(Instant now, const TcpRepr& seg, Bytes payload) {
  if (state_ == State::kSynReceived && seg.has(tcp_flag::kSyn) && seg.seq == irs_ &&
      !seg.has(tcp_flag::kRst)) {
    if (seg.has(tcp_flag::kAck)) {
      // Simultaneous open: the peer's SYN-ACK, whose SYN we already have; its ACK counts.
      TcpRepr rest = seg;
      rest.flags &= static_cast<std::uint16_t>(~tcp_flag::kSyn);
      rest.seq = irs_ + 1;
      return on_segment(now, rest, payload);
    }
    // The peer lost our SYN-ACK and sent its SYN again.
    ++counters_.segs_in;
    snd_nxt_ = iss_;
    return output(now);
  }
  ++counters_.segs_in;
  if (!payload.empty()) ++counters_.data_segs_in;
  if (state_ == State::kSynSent) return syn_sent_input(now, seg, payload);
  if (!synchronized(state_)) return;
  restart_keepalive(now);

  // §3.10.7.4 first: sequence number check, PAWS (RFC 7323 §5.3) before it.
  const std::uint32_t len = seg.segment_len(payload.size());
  if (paws_reject(seg)) {
    env_.dropped(now, DropReason::kTcpPaws);
    ack_now_ = true;
    return output(now);
  }
  if (!acceptable(seg.seq, len)) {
    env_.dropped(now, DropReason::kTcpOutOfWindow);
    if (seg.has(tcp_flag::kRst)) return;
    // RFC 9293 §3.10.7.4: a retransmitted FIN in TIME-WAIT restarts the 2 MSL wait.
    if (state_ == State::kTimeWait && seg.has(tcp_flag::kFin)) state_timer_at_ = now + msl_ * 2;
    if (seg.has(tcp_flag::kSyn)) return challenge_ack(now, DropReason::kTcpSynInvalid);
    ack_now_ = true;
    return output(now);
  }
  // RFC 7323 §4.3: remember the timestamp to echo.
  if (ts_enabled_ && seg.options.timestamps && seg.seq <= last_ack_sent_) {
    ts_recent_ = seg.options.timestamps->value;
  }
  // Second: RST (RFC 5961 §3.2).
  if (seg.has(tcp_flag::kRst)) return rst_input(now, seg);
  // Fourth: SYN in a synchronized state always gets a challenge ACK (RFC 5961 §4.2).
  if (seg.has(tcp_flag::kSyn)) return challenge_ack(now, DropReason::kTcpSynInvalid);
  // Fifth: ACK.
  if (!seg.has(tcp_flag::kAck)) return env_.dropped(now, DropReason::kTcpNoAck);
  if (!ack_input(now, seg, payload.size())) return;
  // Seventh and eighth: text and FIN.
  switch (state_) {
    case State::kEstablished:
    case State::kFinWait1:
    case State::kFinWait2:
      data_input(now, seg.seq, payload, seg.has(tcp_flag::kFin));
      break;
    case State::kCloseWait:
    case State::kClosing:
    case State::kLastAck:
    case State::kTimeWait:
      // The peer's FIN was already processed: anything more is a retransmission to re-ACK.
      if (len > 0) ack_now_ = true;
      break;
    default:
      break;
  }
  output(now);
}

// §3.10.7.3.
void Connection::syn_sent_input(Instant now, const TcpRepr& seg, Bytes payload) {
  const bool has_ack = seg.has(tcp_flag::kAck);
  if (has_ack && (seg.ack <= iss_ || seg.ack > snd_max_)) {
    env_.dropped(now, DropReason::kTcpBadAck);
    if (!seg.has(tcp_flag::kRst)) send_rst(now, seg.ack, false);
    return;
  }
  if (seg.has(tcp_flag::kRst)) {
    // RFC 5961 §3.2: a RST in SYN-SENT counts only if it acknowledges our SYN.
    if (has_ack) return close_with(now, Error::kConnectionRefused);
    return env_.dropped(now, DropReason::kTcpRstInvalid);
  }
  if (!seg.has(tcp_flag::kSyn)) return env_.dropped(now, DropReason::kTcpNoAck);

  irs_ = seg.seq;
  rcv_nxt_ = irs_ + 1;
  rcv_adv_ = rcv_nxt_;
  negotiate(seg);
  snd_wnd_ = max_snd_wnd_ = seg.window;
  snd_wl1_ = seg.seq;
  if (has_ack) {
    snd_wl2_ = seg.ack;
    new_ack(now, seg);
    set_state(now, fin_queued_ ? State::kFinWait1 : State::kEstablished);
    ack_now_ = true;
    data_input(now, irs_ + 1, payload, seg.has(tcp_flag::kFin));
  } else {
    // Simultaneous open: our SYN goes again, now with an ACK.
    snd_wl2_ = iss_;
    set_state(now, State::kSynReceived);
    snd_nxt_ = iss_;
  }
  output(now);
}

bool Connection::paws_reject(const TcpRepr& seg) const {
  if (!ts_enabled_ || !seg.options.timestamps || seg.has(tcp_flag::kRst)) return false;
  return static_cast<std::int32_t>(seg.options.timestamps->value - ts_recent_) < 0;
}

// The acceptability test of §3.10.7.4, against the window we advertised. A segment starting
// exactly at rcv_nxt is always let through to its ACK and RST processing (the "special
// allowance" for a zero window); data beyond the buffer is cut off later.
bool Connection::acceptable(Seq seq, std::uint32_t len) const {
  if (seq == rcv_nxt_) return true;
  const std::int32_t wnd_signed = rcv_adv_ - rcv_nxt_;
  const auto wnd = static_cast<std::uint32_t>(std::max(wnd_signed, 0));
  if (wnd == 0) return false;
  const Seq end = rcv_nxt_ + wnd;
  if (seq_in_window(seq, rcv_nxt_, end)) return true;
  return len > 0 && seq_in_window(seq + (len - 1), rcv_nxt_, end);
}

void Connection::rst_input(Instant now, const TcpRepr& seg) {
  if (state_ == State::kTimeWait) return env_.dropped(now, DropReason::kTcpRstInTimeWait);
  if (seg.seq != rcv_nxt_) return challenge_ack(now, DropReason::kTcpRstInvalid);
  switch (state_) {
    case State::kSynReceived:
      return close_with(now, Error::kConnectionRefused);
    case State::kClosing:
    case State::kLastAck:
      return close_with(now, Error::kNone);
    default:
      return close_with(now, Error::kConnectionReset);
  }
}

bool Connection::ack_input(Instant now, const TcpRepr& seg, std::size_t payload_len) {
  if (state_ == State::kSynReceived) {
    if (!(snd_una_ < seg.ack && seg.ack <= snd_max_)) {
      env_.dropped(now, DropReason::kTcpBadAck);
      send_rst(now, seg.ack, false);
      return false;
    }
    snd_wnd_ = std::uint32_t{seg.window} << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq;
    snd_wl2_ = seg.ack;
    set_state(now, fin_queued_ ? State::kFinWait1 : State::kEstablished);
  }
  // RFC 9293: an ACK for something not yet sent is answered with an ACK; RFC 5961 §5.2: one
  // too old to be plausible gets a (rate-limited) challenge ACK.
  if (seg.ack > snd_max_) {
    env_.dropped(now, DropReason::kTcpBadAck);
    ack_now_ = true;
    output(now);
    return false;
  }
  if (seg.ack < snd_una_ - max_snd_wnd_) {
    challenge_ack(now, DropReason::kTcpBadAck);
    return false;
  }
  const std::uint32_t wnd = std::uint32_t{seg.window} << snd_wscale_;
  if (sack_enabled_) {
    const Seq una = seq_max(seg.ack, snd_una_);
    for (std::size_t i = 0; i < seg.options.sack_count; ++i) {
      sack_.add(seg.options.sack[i].left, seg.options.sack[i].right, una, snd_max_);
    }
  }
  if (seg.ack > snd_una_) {
    new_ack(now, seg);
  } else if (seg.ack == snd_una_ && payload_len == 0 && !seg.has(tcp_flag::kSyn) &&
             !seg.has(tcp_flag::kFin) && wnd == snd_wnd_ && snd_max_ != snd_una_) {
    dup_ack(now);  // RFC 5681 §2's definition of a duplicate ACK
  }
  if (sack_enabled_) {
    if (in_recovery_) {
      rxt_log_.update(sack_, snd_una_, snd_max_, snd_mss_);
    }
    rack_on_ack(now);
    tlp_on_ack(seg);
  }
  if (snd_wl1_ < seg.seq || (snd_wl1_ == seg.seq && snd_wl2_ <= seg.ack)) {
    snd_wnd_ = wnd;
    max_snd_wnd_ = std::max(max_snd_wnd_, wnd);
    snd_wl1_ = seg.seq;
    snd_wl2_ = seg.ack;
  }

  const bool fin_acked = fin_queued_ && snd_una_ == fin_seq() + 1;
  switch (state_) {
    case State::kFinWait1:
      if (fin_acked) {
        set_state(now, State::kFinWait2);
        if (orphaned_) state_timer_at_ = now + msl_ * 2;
      }
      break;
    case State::kClosing:
      if (fin_acked) enter_time_wait(now);
      break;
    case State::kLastAck:
      if (fin_acked) {
        close_with(now, Error::kNone);
        return false;
      }
      break;
    default:
      break;
  }
  return true;
}

void Connection::new_ack(Instant now, const TcpRepr& seg) {
  const Seq ack = seg.ack;
  std::uint32_t data_acked = 0;
  if (ack > snd_buf_seq_)
    data_acked = static_cast<std::uint32_t>(seq_min(ack, data_end()) - snd_buf_seq_);
  snd_buf_.consume(data_acked);
  snd_buf_seq_ += data_acked;
  counters_.bytes_acked += data_acked;
  snd_una_ = ack;
  sack_.advance(snd_una_);
  if (snd_nxt_ < snd_una_) snd_nxt_ = snd_una_;
  retries_ = 0;
  persist_backoff_ = 0;

  // RTT (RFC 6298 §3, RFC 7323 §4): from the echoed timestamp, else from the one timed
  // segment (never a retransmitted one: Karn).
  if (ts_enabled_ && seg.options.timestamps && seg.options.timestamps->echo != 0) {
    rtt_.sample(Duration::millis(ts_now(now) - seg.options.timestamps->echo));
  } else if (rtt_timing_ && ack > rtt_seq_) {
    rtt_.sample(now - rtt_time_);
    rtt_timing_ = false;
  }

  if (in_recovery_) {
    if (ack >= recover_) {
      in_recovery_ = false;
      cc_.on_recovery_end(static_cast<std::uint32_t>(snd_max_ - snd_una_));
    } else if (!sack_enabled_) {
      cc_.on_partial_ack(data_acked);
      retransmit_first(now);
    }
    // With SACK, output()'s pipe loop picks what goes next.
  } else if (data_acked > 0) {
    cc_.on_ack(now, data_acked, rtt_.srtt());
  }
  dup_acks_ = 0;
  // RFC 6298 (5.2), (5.3).
  rto_at_ = snd_una_ == snd_max_ ? kNever : now + rtt_.rto();
  arm_loss_probe(now);
}

void Connection::dup_ack(Instant now) {
  ++counters_.dup_acks_in;
  if (in_recovery_) {
    if (!sack_enabled_) cc_.on_recovery_dup_ack();  // RFC 6675 does not inflate the window
    return;
  }
  if (dup_acks_ < SackScoreboard::kDupThresh) ++dup_acks_;
  // RFC 6675 §5: DupThresh duplicate ACKs, or SACK blocks showing the first segment lost.
  const bool sack_lost = sack_enabled_ && lost_below() > snd_una_;
  if (dup_acks_ < SackScoreboard::kDupThresh && !sack_lost) return;
  // RFC 6582 §3.2 step 2 / RFC 6675 §5.1: not when the loss is one recovery already dealt with.
  if (!may_enter_recovery()) return;
  enter_recovery(now);
}

void Connection::enter_recovery(Instant now) {
  in_recovery_ = true;
  recover_ = snd_max_;
  if (!rack_armed()) loss_timer_at_ = kNever;
  tlp_out_ = false;  // recovery takes over the tail
  ++counters_.fast_retransmits;
  const auto flight = static_cast<std::uint32_t>(snd_max_ - snd_una_);
  if (!sack_enabled_) {
    cc_.on_fast_retransmit(flight);
    return retransmit_first(now);
  }
  // RFC 6675 §5 steps (4.1)-(4.3): cwnd = ssthresh, the first hole goes again at once, then
  // the pipe decides (output()).
  cc_.on_sack_recovery(flight);
  high_rxt_ = snd_una_;
  rxt_log_.clear();
  rescue_sent_ = false;
  if (auto hole = sack_.next_hole(snd_una_, snd_max_)) retransmit_hole(now, *hole);
}

void Connection::data_input(Instant now, Seq seq, Bytes payload, bool fin) {
  if (seq < rcv_nxt_) {
    const auto skip = static_cast<std::uint32_t>(rcv_nxt_ - seq);
    ack_now_ = true;                    // a duplicate: the peer may have missed our ACK
    if (skip > payload.size()) return;  // its FIN, if any, is old too
    payload = payload.subspan(skip);
    seq = rcv_nxt_;
  }
  if (payload.empty() && !fin) return;
  if (seq == rcv_nxt_) {
    const std::size_t n = rcv_buf_.write(payload);
    rcv_nxt_ += static_cast<std::uint32_t>(n);
    counters_.bytes_received += n;
    if (n < payload.size()) {
      fin = false;
      ack_now_ = true;
    }
    bool filled = false;
    while (auto end = ooo_.take_front(rcv_nxt_)) {
      const auto more = static_cast<std::uint32_t>(*end - rcv_nxt_);
      rcv_buf_.commit(more);
      counters_.bytes_received += more;
      rcv_nxt_ = *end;
      filled = true;
    }
    // RFC 5681 §4.2: ACK at once when a segment fills a gap.
    if (filled) {
      ack_now_ = true;
    } else {
      schedule_ack(now, n);
    }
  } else {
    const std::size_t n =
        rcv_buf_.write_beyond(static_cast<std::uint32_t>(seq - rcv_nxt_), payload);
    if (n > 0 && !ooo_.add(seq, seq + static_cast<std::uint32_t>(n))) {
      env_.dropped(now, DropReason::kTcpAssemblerFull);
      fin = false;
    }
    if (n < payload.size()) fin = false;
    ack_now_ = true;  // out of order: a duplicate ACK at once (RFC 5681 §4.2)
  }
  if (fin) {
    have_fin_seq_ = true;
    peer_fin_seq_ = seq + static_cast<std::uint32_t>(payload.size());
  }
  if (have_fin_seq_ && !fin_received_ && rcv_nxt_ == peer_fin_seq_) fin_input(now);
}

void Connection::fin_input(Instant now) {
  fin_received_ = true;
  rcv_nxt_ += 1;
  ack_now_ = true;
  switch (state_) {
    case State::kEstablished:
      return set_state(now, State::kCloseWait);
    case State::kFinWait1:
      return set_state(now, State::kClosing);
    case State::kFinWait2:
      return enter_time_wait(now);
    default:
      return;
  }
}

void Connection::schedule_ack(Instant now, std::size_t len) {
  unacked_bytes_ += static_cast<std::uint32_t>(len);
  const std::uint32_t full = rcv_mss_ - (ts_enabled_ ? kTimestampLen : 0);
  // RFC 1122 §4.2.3.2 / RFC 5681 §4.2: at least every second full-sized segment.
  if (delayed_ack_ == Duration::zero() || unacked_bytes_ >= 2 * full) {
    owe_ack();
  } else if (delack_at_ == kNever) {
    delack_at_ = now + delayed_ack_;
  }
}

void Connection::owe_ack() {
  if (!coalesce_acks_) {
    ack_now_ = true;
  } else if (!ack_at_end_of_poll_) {
    ack_at_end_of_poll_ = true;
    env_.ack_at_end_of_poll(*this);
  }
}

void Connection::end_poll(Instant now) {
  if (!std::exchange(ack_at_end_of_poll_, false) || state_ == State::kClosed) return;
  ack_now_ = true;
  output(now);
}

void Connection::restart_keepalive(Instant now) {
  keepalive_sent_ = 0;
  const bool open = state_ == State::kEstablished || state_ == State::kCloseWait;
  keepalive_at_ = keepalive_probes_ > 0 && open ? now + keepalive_idle_ : kNever;
}

void Connection::challenge_ack(Instant now, DropReason reason) {
  env_.dropped(now, reason);
  if (!env_.allow_challenge_ack(now)) return;
  ++counters_.challenge_acks;
  send_ack(now);
}

void Connection::set_state(Instant now, State s) {
  if (s == state_) return;
  const State from = state_;
  state_ = s;
  if (s == State::kEstablished) restart_keepalive(now);
  env_.state_changed(now, *this, from, s);
}

void Connection::enter_time_wait(Instant now) {
  rto_at_ = persist_at_ = delack_at_ = keepalive_at_ = loss_timer_at_ = kNever;
  state_timer_at_ = now + msl_ * 2;
  release_buffers();
  set_state(now, State::kTimeWait);
}

void Connection::close_with(Instant now, Error error) {
  // RFC 1122 §4.2.3.9: a soft error explains a timeout better than the timeout does.
  if (error == Error::kTimedOut && soft_error_ != Error::kNone) error = soft_error_;
  if (error_ == Error::kNone) error_ = error;
  rto_at_ = persist_at_ = delack_at_ = state_timer_at_ = keepalive_at_ = kNever;
  loss_timer_at_ = kNever;
  ack_now_ = false;
  release_buffers();
  set_state(now, State::kClosed);
}

void Connection::release_buffers() {
  if (snd_buf_.empty()) snd_buf_.release();
  if (rcv_buf_.empty()) rcv_buf_.release();
}

std::size_t Connection::send(Instant now, Bytes data) {
  if (fin_queued_) return 0;
  const std::size_t n = snd_buf_.write(data);
  if (n > 0) output(now);
  return n;
}

std::size_t Connection::recv(Instant now, MutableBytes out) {
  const std::size_t n = rcv_buf_.read(out);
  if (n == 0 || !synchronized(state_) || fin_received_) return n;
  // Tell a peer that was running out of window that it opened (Linux's rule in
  // tcp_cleanup_rbuf: our remaining window at most half the buffer, and now at least doubled).
  const std::int32_t cur_signed = rcv_adv_ - rcv_nxt_;
  const auto cur = static_cast<std::uint32_t>(std::max(cur_signed, 0));
  const auto free = static_cast<std::uint32_t>(rcv_buf_.free());
  if (2 * std::uint64_t{cur} <= rcv_buf_.capacity() && free >= 2 * cur && free >= cur + rcv_mss_) {
    owe_ack();
    output(now);
  }
  return n;
}

void Connection::shutdown_write(Instant now) {
  if (fin_queued_) return;
  switch (state_) {
    case State::kSynSent:
      return close_with(now, Error::kNone);
    case State::kSynReceived:
      fin_queued_ = true;  // the FIN follows once the handshake completes
      return;
    case State::kEstablished:
      fin_queued_ = true;
      set_state(now, State::kFinWait1);
      break;
    case State::kCloseWait:
      fin_queued_ = true;
      set_state(now, State::kLastAck);
      break;
    default:
      return;
  }
  output(now);
}

bool Connection::time_wait_allows(const TcpRepr& syn) const {
  if (ts_enabled_ && syn.options.timestamps) {
    return static_cast<std::int32_t>(syn.options.timestamps->value - ts_recent_) > 0;
  }
  return syn.seq > rcv_nxt_;
}

void Connection::abort(Instant now, Error reason) {
  if (synchronized(state_) && state_ != State::kTimeWait) send_rst(now, snd_nxt_, true);
  close_with(now, reason);
}

void Connection::set_orphaned(Instant now) {
  orphaned_ = true;
  if (state_ == State::kFinWait2 && state_timer_at_ == kNever) state_timer_at_ = now + msl_ * 2;
}

void Connection::on_icmp_unreachable(Instant now, Seq seq, Error error, bool hard) {
  if (!(snd_una_ <= seq && seq < snd_max_)) return;
  // RFC 5461 §4: once synchronized, even a hard error is taken as soft, like Linux.
  if (hard && (state_ == State::kSynSent || state_ == State::kSynReceived)) {
    return close_with(now, error);
  }
  soft_error_ = error;
}

void Connection::on_frag_needed(Instant now, Seq seq, std::uint16_t mtu) {
  if (!(snd_una_ <= seq && seq < snd_max_) || !synchronized(state_)) return;
  const std::uint32_t options = ts_enabled_ ? kTimestampLen : 0;
  // RFC 1191 §5: a router that does not say (mtu 0) is taken to mean the floor.
  const std::uint32_t path_mtu = std::max<std::uint32_t>(mtu, kMinPathMtu);
  const std::uint32_t mss = path_mtu - kIpv4HeaderLen - kTcpHeaderLen - options;
  if (mss >= snd_mss_) return;  // it cannot raise the MSS, nor repeat what we know
  snd_mss_ = mss;
  cc_.set_mss(mss);
  // RFC 1191 §6.5: not a congestion signal; what is in flight was dropped and goes again at
  // the new size (Linux's tcp_simple_retransmit).
  env_.retransmitted(now, *this, snd_una_, std::min(in_flight(), snd_mss_), false);
  snd_nxt_ = snd_una_;
  in_recovery_ = false;
  dup_acks_ = 0;
  rxt_log_.clear();
  rack_lost_below_ = snd_una_;
  output(now);
}

Connection::Info Connection::info() const {
  const std::int32_t rcv_wnd = rcv_adv_ - rcv_nxt_;
  return Info{ts_enabled_,
              sack_enabled_,
              ws_enabled_,
              snd_wscale_,
              rcv_wscale_,
              rtt_.rto(),
              rtt_.srtt(),
              rtt_.rttvar(),
              snd_mss_,
              rcv_mss_,
              cc_.cwnd(),
              cc_.ssthresh(),
              snd_wnd_,
              static_cast<std::uint32_t>(std::max(rcv_wnd, 0)),
              static_cast<std::uint32_t>(snd_max_ - snd_una_)};
}

}  // namespace ws::tcp
