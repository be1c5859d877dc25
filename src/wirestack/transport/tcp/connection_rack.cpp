// RACK-TLP loss detection (RFC 8985) on top of RFC 6675's SACK recovery.
//
// RACK deems a segment lost when a segment sent after it was delivered and a reordering window
// has passed since (§6.2). We keep no per-segment send times: for data sent once, sequence order
// is send order, so a SACK block passes every unSACKed byte below it. The window starts when
// the ACK showing the SACKed edge arrives (rather than at the send time of the hole, which can
// only be earlier: the detection is never earlier than RACK's). What was retransmitted is
// below HighRxt, where this boundary does not reach; lost retransmissions are the retransmit
// log's (retransmit_log.h). RACK marks, RFC 6675's recovery sends, and the window is reduced
// once per episode (§7 and RFC 6675 §5).
//
// TLP (§7): with data in flight and no ACK for about two round trips, one probe (new data, else
// the last segment again) draws the ACK that lets SACK recovery start instead of the RTO.
#include <algorithm>

#include "wirestack/transport/tcp/connection.h"

namespace ws::tcp {
namespace {
// RFC 8985 §7.2 WCDelAckT: the longest a receiver may delay the ACK of a lone segment.
constexpr Duration kWorstCaseDelayedAck = Duration::millis(200);
// Below the granularity of our RTT samples (1 ms timestamps) a window of 0 would take any
// reordering for loss.
constexpr Duration kMinReorderWindow = Duration::millis(1);
// Linux's floor for the probe timeout: with an SRTT of a millisecond or less (a LAN, or RTT
// samples of 1 ms granularity that read 0), 2 * SRTT would probe before any ACK could come.
constexpr Duration kMinProbeTimeout = Duration::millis(10);
}  // namespace

Seq Connection::lost_below() const {
  return seq_max(sack_.lost_below(snd_una_, snd_mss_), seq_max(rack_lost_below_, snd_una_));
}

// §6.2 step 4: RACK.reo_wnd = min(RACK.min_RTT / 4, SRTT) (reo_wnd_mult 1; we do not detect
// reordering, so keep the window the RFC uses once it is seen).
Duration Connection::reo_wnd() const {
  if (!rtt_.has_sample()) return kMinReorderWindow;
  return std::max(std::min(rtt_.min_rtt() / 4, rtt_.srtt()), kMinReorderWindow);
}

bool Connection::may_enter_recovery() const {
  // recover_ is one past RFC 6582's `recover` (the highest sequence number sent): an ACK that
  // reached it "covers more than recover". RFC 6675 §5.1: after a timeout, not before HighACK
  // reaches RecoveryPoint.
  return recover_ == iss_ || snd_una_ >= recover_;
}

// §6.2 RACK_detect_loss, fed by one ACK.
void Connection::rack_on_ack(Instant now) {
  if (rack_armed() && !(snd_una_ < rack_end_)) {
    loss_timer_at_ = kNever;  // everything the window waited for was delivered
    arm_loss_probe(now);
  }
  if (rack_armed() || sack_.empty()) return;
  const Seq top = sack_.blocks().back().right;
  if (!(seq_max(rack_lost_below_, snd_una_) < top)) return;
  rack_end_ = top;
  loss_timer_at_ = now + reo_wnd();  // §6.3: the reordering timer (it replaces a probe)
  loss_timer_rack_ = true;
}

void Connection::on_rack_timer(Instant now) {
  if (!(snd_una_ < rack_end_)) return;
  // After a timeout the go-back sends everything unSACKed again; RACK waits for it.
  if (!in_recovery_ && !may_enter_recovery()) return;
  rack_lost_below_ = seq_max(rack_lost_below_, rack_end_);
  if (!in_recovery_) enter_recovery(now);
  rack_on_ack(now);  // a SACKed edge above rack_end_ gets its own window
}

// §7.2: armed after new data goes out or new data is acknowledged, in the open state only (not
// in recovery, not after a timeout until the go-back is acknowledged), one probe per tail.
void Connection::arm_loss_probe(Instant now) {
  if (rack_armed()) return;
  loss_timer_at_ = kNever;
  if (!sack_enabled_ || in_recovery_ || tlp_out_ || !may_enter_recovery() || snd_una_ == snd_max_ ||
      !rtt_.has_sample()) {
    return;
  }
  Duration pto = std::max(rtt_.srtt() * 2, kMinProbeTimeout);
  // "FlightSize is one segment": the receiver may delay its ACK. Below two full-sized segments
  // it may (RFC 5681 §4.2 asks an ACK for every second full-sized one), so we count that too.
  // (snd_max, not snd_nxt: emit_from arms the probe before its caller moves snd_nxt.)
  const auto flight = static_cast<std::uint32_t>(snd_max_ - snd_una_);
  if (flight < 2 * snd_mss_) pto = pto + kWorstCaseDelayedAck;
  const Instant at = now + pto;
  if (!(at < rto_at_)) return;  // the RTO comes first
  loss_timer_at_ = at;
  loss_timer_rack_ = false;
}

// §7.3.
void Connection::on_loss_probe(Instant now) {
  if (in_recovery_ || snd_una_ == snd_max_ || !may_enter_recovery()) return;
  ++counters_.loss_probes;
  const Seq before = snd_max_;
  // New data when the receive window allows (cwnd does not limit the probe), else the last
  // segment again.
  tlp_out_ = true;
  tlp_is_rxt_ = !(snd_nxt_ == snd_max_ && send_new_segment(now, snd_wnd_) && snd_max_ != before);
  if (tlp_is_rxt_) {
    const std::uint32_t len = std::min(in_flight(), snd_mss_);
    env_.retransmitted(now, *this, snd_max_ - len, len, false);
    emit_from(now, snd_max_ - len, len);
  }
  tlp_end_ = snd_max_;
  rto_at_ = now + rtt_.rto();  // after the probe, the RTO (§7.3)
}

// §7.4, simplified: the ACK covering a retransmitted probe carries a D-SACK for it when the
// original had arrived too (RFC 2883: the first block, below the cumulative ACK); without one
// the probe repaired a loss, and the window is reduced as for a recovery episode.
void Connection::tlp_on_ack(const TcpRepr& seg) {
  if (!tlp_out_ || seg.ack < tlp_end_) return;
  tlp_out_ = false;
  if (!tlp_is_rxt_) return;
  if (seg.options.sack_count > 0) {
    const SackBlock& d = seg.options.sack[0];
    const Seq probe_last = tlp_end_ - 1;  // the probe's last byte (or its FIN)
    if (d.right <= seg.ack && d.left < tlp_end_ && probe_last <= d.right) return;
  }
  cc_.on_sack_recovery(cc_.cwnd());
}

}  // namespace ws::tcp
