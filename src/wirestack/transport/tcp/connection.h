// One TCP connection: the transmission control block and the state machine of RFC 9293 §3.10
// (segment arrival in connection.cpp's input half, segment output and timers in
// connection_output.cpp). It knows nothing of hosts or sockets tables: segments leave through
// the Env its layer provides, and the layer feeds it segments and timer expiries.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "wirestack/base/bytes.h"
#include "wirestack/base/seq.h"
#include "wirestack/base/time.h"
#include "wirestack/trace/drop_reason.h"
#include "wirestack/transport/tcp/assembler.h"
#include "wirestack/transport/tcp/config.h"
#include "wirestack/transport/tcp/congestion.h"
#include "wirestack/transport/tcp/error.h"
#include "wirestack/transport/tcp/retransmit_log.h"
#include "wirestack/transport/tcp/ring_buffer.h"
#include "wirestack/transport/tcp/rtt_estimator.h"
#include "wirestack/transport/tcp/sack_scoreboard.h"
#include "wirestack/transport/tcp/state.h"
#include "wirestack/transport/tcp/tuple.h"
#include "wirestack/wire/tcp.h"

namespace ws::tcp {

// RFC 791: every IPv4 path carries datagrams of 576 bytes; RFC 9293 §3.7.1's default MSS.
inline constexpr std::uint32_t kMinPathMtu = 576;
inline constexpr std::uint32_t kIpv4HeaderLen = 20;
inline constexpr std::uint32_t kTcpHeaderLen = 20;

inline constexpr Instant kNever = Instant::from_nanos(std::numeric_limits<std::int64_t>::max());

class Connection;

// What a connection needs from its layer.
class Env {
 public:
  virtual ~Env() = default;
  virtual void transmit(Instant now, const Tuple& tuple, const TcpRepr& repr,
                        RingSlices payload) = 0;
  virtual void state_changed(Instant now, Connection& conn, State from, State to) = 0;
  virtual void retransmitted(Instant now, const Connection& conn, Seq seq, std::uint32_t len,
                             bool timeout) = 0;
  virtual void dropped(Instant now, DropReason reason) = 0;
  // RFC 5961 §7: challenge ACKs are rate-limited across the whole layer.
  virtual bool allow_challenge_ack(Instant now) = 0;
  // Where the connection's send and receive rings take their storage.
  virtual BufferPool& buffer_pool() = 0;
  // Config::coalesce_acks: call conn.end_poll() at the end of this poll.
  virtual void ack_at_end_of_poll(const Connection& conn) = 0;
};

struct ConnectionCounters {
  std::uint64_t bytes_sent = 0;     // data bytes sent, retransmissions included
  std::uint64_t bytes_retrans = 0;  // data bytes sent again
  std::uint64_t bytes_acked = 0;
  std::uint64_t bytes_received = 0;  // in-order data bytes delivered to the receive buffer
  std::uint64_t segs_out = 0;
  std::uint64_t segs_in = 0;
  std::uint64_t data_segs_out = 0;
  std::uint64_t data_segs_in = 0;
  std::uint32_t retrans_segs = 0;
  std::uint32_t timeouts = 0;
  std::uint32_t fast_retransmits = 0;
  std::uint32_t loss_probes = 0;  // tail loss probes (RFC 8985 §7)
  std::uint32_t dup_acks_in = 0;
  std::uint32_t challenge_acks = 0;
  std::uint32_t zero_window_probes = 0;
  std::uint32_t keepalive_probes = 0;
};

class Connection {
 public:
  Connection(Env& env, const Config& config, const Tuple& tuple, Seq iss, std::uint32_t ts_offset);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Active open (RFC 9293 §3.10.1): SYN-SENT, and the SYN goes out.
  void open_active(Instant now);
  // Passive open from a listener's SYN (§3.10.7.2): SYN-RECEIVED, and the SYN-ACK goes out.
  void open_passive(Instant now, const TcpRepr& syn);

  // A connection rebuilt from a valid SYN cookie in the final ACK of the handshake (our ISN was
  // the cookie): ESTABLISHED at once, with the cookie's MSS and no other options; then the ACK
  // (and any data on it) is processed.
  void open_from_cookie(Instant now, const TcpRepr& ack, Bytes payload, std::uint16_t mss);
  // §3.10.7: a segment for this connection's 4-tuple (checksum already verified).
  void on_segment(Instant now, const TcpRepr& seg, Bytes payload);
  // Runs whichever timers are due.
  void on_timer(Instant now);
  Instant next_timer() const;
  // The host's poll is over (Config::coalesce_acks): sends the ACK it left owing.
  void end_poll(Instant now);

  // User calls (§3.10.2-§3.10.6). send/recv return the bytes moved.
  std::size_t send(Instant now, Bytes data);
  std::size_t recv(Instant now, MutableBytes out);
  // CLOSE in the RFC's sense: no more data from us; FIN after what is queued.
  void shutdown_write(Instant now);
  // RFC 9293 §3.10.7.4 / RFC 6191: a SYN for this TIME-WAIT 4-tuple may open a new
  // incarnation when its timestamp (or, without timestamps, its sequence number) is newer.
  bool time_wait_allows(const TcpRepr& syn) const;
  // ABORT: RST to the peer when synchronized, then CLOSED.
  void abort(Instant now, Error reason);
  // The user released the socket: FIN-WAIT-2 then times out like Linux's tcp_fin_timeout.
  void set_orphaned(Instant now);
  // An ICMP destination unreachable about a segment we sent with sequence number `seq`
  // (RFC 5927 §4.1: ignored unless seq is in flight). A hard error (`hard`: protocol or port
  // unreachable) fails a connection attempt; anything else is a soft error (RFC 1122
  // §4.2.3.9, RFC 5461 §4): remembered, and reported only if the connection then times out.
  void on_icmp_unreachable(Instant now, Seq seq, Error error, bool hard);
  // RFC 1191: a router could not forward our segment `seq` (DF set) beyond `mtu` bytes. The
  // MSS shrinks to fit (never below 536, RFC 9293 §3.7.1's default, so the IP datagram is at
  // most 576 bytes and goes without DF) and what is in flight goes again at the new size.
  void on_frag_needed(Instant now, Seq seq, std::uint16_t mtu);

  State state() const { return state_; }
  const Tuple& tuple() const { return tuple_; }
  Error error() const { return error_; }
  Error soft_error() const { return soft_error_; }
  std::size_t recv_queue() const { return rcv_buf_.size(); }
  std::size_t send_queue() const { return snd_buf_.size(); }
  std::size_t send_space() const { return fin_queued_ ? 0 : snd_buf_.free(); }
  bool fin_received() const { return fin_received_; }
  bool write_shut() const { return fin_queued_; }
  const ConnectionCounters& counters() const { return counters_; }
  CongestionControl congestion() const { return cc_.algorithm(); }

  // For `ss -i`.
  struct Info {
    bool timestamps, sack, window_scale;
    std::uint8_t snd_wscale, rcv_wscale;
    Duration rto, srtt, rttvar;
    std::uint32_t snd_mss, rcv_mss, cwnd, ssthresh, snd_wnd, rcv_wnd, unacked;
    // Bytes as segments, as ss prints cwnd and ssthresh.
    std::uint32_t mss_segments(std::uint32_t bytes) const { return bytes / snd_mss; }
  };
  Info info() const;

  std::uint32_t slot = 0;  // the layer's index for this connection

 private:
  // Input (connection.cpp).
  void syn_sent_input(Instant now, const TcpRepr& seg, Bytes payload);
  void negotiate(const TcpRepr& syn);
  bool paws_reject(const TcpRepr& seg) const;
  bool acceptable(Seq seq, std::uint32_t len) const;
  void rst_input(Instant now, const TcpRepr& seg);
  bool ack_input(Instant now, const TcpRepr& seg, std::size_t payload_len);
  void new_ack(Instant now, const TcpRepr& seg);
  void dup_ack(Instant now);
  void update_window(const TcpRepr& seg);
  void data_input(Instant now, Seq seq, Bytes payload, bool fin);
  void fin_input(Instant now);
  void challenge_ack(Instant now, DropReason reason);
  void set_state(Instant now, State s);
  void enter_time_wait(Instant now);
  void close_with(Instant now, Error error);
  // TIME-WAIT and CLOSED need no buffers: empty rings give their storage back to the pool.
  void release_buffers();

  // Output and timers (connection_output.cpp).
  void output(Instant now);
  // Sends one segment of data not sent yet (or the FIN) when `wnd`, less what is in flight,
  // allows it; false when nothing went out.
  bool send_new_segment(Instant now, std::uint32_t wnd);
  // RFC 6675 §5 step (C): fast recovery with SACK, limited by the pipe.
  void sack_recovery_output(Instant now);
  // Retransmits the start of an unSACKed range (at most one SMSS) and moves HighRxt past it.
  void retransmit_hole(Instant now, SackScoreboard::Range hole);
  // Sends the start of `range` again (at most one SMSS); returns the end of what went.
  Seq retransmit_range(Instant now, SackScoreboard::Range range);
  // RFC 6675 NextSeg() rule 4: once per recovery episode, the highest unSACKed segment.
  bool rescue_retransmit(Instant now);
  // RACK and TLP (RFC 8985; connection_rack.cpp).
  // Every unSACKed byte below this is deemed lost: RFC 6675's IsLost or RACK, whichever says
  // more.
  Seq lost_below() const;
  Duration reo_wnd() const;
  // After an ACK's SACK blocks are in the scoreboard: starts the reordering window for what
  // they newly passed.
  void rack_on_ack(Instant now);
  void on_rack_timer(Instant now);
  bool rack_armed() const { return loss_timer_at_ != kNever && loss_timer_rack_; }
  // May a loss start a recovery episode now (RFC 6582 §3.2 step 2, RFC 6675 §5.1)?
  bool may_enter_recovery() const;
  void arm_loss_probe(Instant now);
  void on_loss_probe(Instant now);
  // An ACK covering the probe: did the probe repair a loss (RFC 8985 §7.4)?
  void tlp_on_ack(const TcpRepr& seg);
  void enter_recovery(Instant now);
  // Sends what starts at `seq`: the SYN, or up to `max_data` bytes (and the FIN when it
  // follows them). Returns the sequence space used.
  std::uint32_t emit_from(Instant now, Seq seq, std::uint32_t max_data);
  void emit(Instant now, Seq seq, std::uint16_t flags, RingSlices payload);
  void send_ack(Instant now) { emit(now, snd_nxt_, tcp_flag::kAck, {}); }
  void send_rst(Instant now, Seq seq, bool with_ack);
  std::uint16_t window_field(bool syn);
  bool nagle_allows(std::uint32_t len, std::uint32_t avail) const;
  void on_rto(Instant now);
  void on_persist(Instant now);
  void on_keepalive(Instant now);
  // Any segment from the peer shows it is alive: the keepalive wait starts over.
  void restart_keepalive(Instant now);
  void retransmit_first(Instant now);
  void schedule_ack(Instant now, std::size_t len);
  // An ACK is due: at once, or at the end of the poll with Config::coalesce_acks.
  void owe_ack();
  Duration persist_delay() const;
  std::uint32_t ts_now(Instant now) const;
  Seq data_end() const { return snd_buf_seq_ + static_cast<std::uint32_t>(snd_buf_.size()); }
  Seq fin_seq() const { return data_end(); }
  std::uint32_t in_flight() const { return static_cast<std::uint32_t>(snd_nxt_ - snd_una_); }

  Env& env_;
  Tuple tuple_;
  State state_ = State::kClosed;
  Error error_ = Error::kNone;
  Error soft_error_ = Error::kNone;  // the last soft ICMP error (RFC 1122 §4.2.3.9)

  // Options, as configured and then as negotiated.
  bool nodelay_;
  bool ts_enabled_;
  bool ws_enabled_;
  bool sack_enabled_;
  bool fin_queued_ = false;
  bool fin_received_ = false;
  bool ack_now_ = false;
  bool ack_at_end_of_poll_ = false;  // Config::coalesce_acks: an ACK is owed when the poll ends
  bool in_recovery_ = false;
  bool rtt_timing_ = false;
  bool orphaned_ = false;
  bool have_fin_seq_ = false;  // a FIN arrived beyond a gap
  std::uint8_t snd_wscale_ = 0;
  std::uint8_t rcv_wscale_ = 0;
  std::uint8_t dup_acks_ = 0;
  std::uint8_t persist_backoff_ = 0;
  std::uint8_t retries_ = 0;
  std::uint8_t syn_retries_;
  std::uint8_t data_retries_;
  std::uint8_t initial_cwnd_;
  std::uint8_t keepalive_probes_;  // 0: keepalive off
  std::uint8_t keepalive_sent_ = 0;

  // Send sequence space (§3.3.1), plus snd_max (the highest sent, as in BSD), the sequence
  // number of the send buffer's first byte, and NewReno's `recover`.
  Seq iss_;
  Seq snd_una_;
  Seq snd_nxt_;
  Seq snd_max_;
  Seq snd_buf_seq_;
  Seq snd_wl1_;
  Seq snd_wl2_;
  Seq recover_;
  Seq high_rxt_;  // RFC 6675 HighRxt: just past the highest byte retransmitted in recovery
  // RACK with sequence numbers for send order (connection_rack.cpp): the SACKed edge the
  // running reordering window will pass, and the edge below which RACK deemed bytes lost.
  Seq rack_end_;
  Seq rack_lost_below_;
  Seq rtt_seq_;
  std::uint32_t snd_wnd_ = 0;
  std::uint32_t max_snd_wnd_ = 0;
  std::uint32_t snd_mss_ = 536;      // payload per segment we send (peer's MSS less our options)
  std::uint32_t rcv_mss_;            // our MSS option
  std::uint32_t unacked_bytes_ = 0;  // in-order bytes received since we last sent an ACK

  // Receive sequence space.
  Seq irs_;
  Seq rcv_nxt_;
  Seq rcv_adv_;  // right edge of the window we last advertised
  Seq last_ack_sent_;
  Seq peer_fin_seq_;

  // Timestamps (RFC 7323).
  std::uint32_t ts_offset_;
  std::uint32_t ts_recent_ = 0;
  Seq tlp_end_;  // snd_max after the outstanding probe

  Duration delayed_ack_;
  bool coalesce_acks_;
  // (Here rather than with the flags above: they fill the padding.)
  bool rescue_sent_ = false;  // RFC 6675 RescueRxt: rule 4 was used in this recovery episode
  bool loss_timer_rack_ = false;
  bool tlp_out_ = false;  // a probe is outstanding (one per tail, RFC 8985 §7.3)
  bool tlp_is_rxt_ = false;
  Duration keepalive_idle_;
  Duration keepalive_interval_;
  Duration msl_;
  Instant rtt_time_;
  Instant rto_at_ = kNever;
  Instant delack_at_ = kNever;
  Instant persist_at_ = kNever;
  Instant state_timer_at_ = kNever;  // TIME-WAIT 2*MSL, or an orphaned FIN-WAIT-2
  Instant keepalive_at_ = kNever;
  // RACK's reordering window (RFC 8985 §6.3) or the loss probe timeout (§7.2), one at a time
  // (loss_timer_rack_ says which): SACK blocks pending mean the tail is not silent.
  Instant loss_timer_at_ = kNever;

  RttEstimator rtt_;
  Congestion cc_;
  RingBuffer snd_buf_;
  RingBuffer rcv_buf_;
  Assembler ooo_;
  SackScoreboard sack_;
  RetransmitLog rxt_log_;  // this recovery episode's retransmissions, to see them lost again
  ConnectionCounters counters_;
};

}  // namespace ws::tcp
