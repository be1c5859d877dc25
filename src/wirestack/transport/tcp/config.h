// Per-layer defaults and per-connection knobs. Every option can be switched off at run time
// (a connection copies the layer's config when it is created; set_config changes the layer's).
#pragma once

#include <cstdint>

#include "wirestack/base/time.h"

namespace ws::tcp {

enum class CongestionControl : std::uint8_t { kNewReno, kCubic };

struct Config {
  std::uint32_t send_buffer = 256 * 1024;     // bytes
  std::uint32_t receive_buffer = 256 * 1024;  // bytes; also the largest window we advertise
  std::uint16_t mss = 1460;                   // the most we accept per segment (our MSS option)
  // Options offered in our SYN and accepted in the peer's (RFC 7323, RFC 2018).
  bool window_scale = true;
  bool timestamps = true;
  bool sack = true;
  bool nodelay = false;                         // Nagle's algorithm off (RFC 9293 §3.7.4)
  Duration delayed_ack = Duration::millis(40);  // 0: acknowledge every segment at once
  // The ACK owed for in-order data, and the window update after a read, wait for the end of the
  // host's poll (Host::end_poll): one ACK then answers every segment of the burst the driver
  // read, with the window the applications reopened by reading them, as GRO and the socket
  // read path give Linux. Duplicate ACKs still go at once. For real-time drivers that read
  // many frames per wake-up (a tap); the simulator leaves it off, one ACK per segment pair.
  bool coalesce_acks = false;
  Duration min_rto = Duration::millis(200);  // RFC 6298 (2.4) says 1 s; Linux uses 200 ms
  Duration max_rto = Duration::seconds(120);
  Duration initial_rto = Duration::seconds(1);  // RFC 6298 (2.1)
  Duration msl = Duration::seconds(30);         // TIME-WAIT lasts 2 * msl (Linux: 60 s in all)
  std::uint32_t syn_retries = 6;                // SYN or SYN-ACK retransmissions before giving up
  std::uint32_t data_retries = 15;              // retransmissions of data before giving up
  std::uint32_t initial_cwnd_segments = 10;     // RFC 6928
  CongestionControl congestion = CongestionControl::kNewReno;
  // RFC 9293 §3.8.4 / RFC 1122 §4.2.3.6: off by default; Linux's timings when on.
  bool keepalive = false;
  Duration keepalive_idle = Duration::seconds(7200);
  Duration keepalive_interval = Duration::seconds(75);
  std::uint32_t keepalive_probes = 9;
  // A listener whose SYN queue is full answers with SYN cookies instead of dropping SYNs.
  bool syn_cookies = true;
  // Layer-wide (the listener's or the layer's value applies): RFC 5961 §7 challenge ACKs per
  // second, across all connections.
  std::uint32_t challenge_acks_per_second = 1000;
};

}  // namespace ws::tcp
