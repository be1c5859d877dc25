// The eleven states of a TCP connection (RFC 9293 §3.3.2).
#pragma once

#include <cstdint>

namespace ws::tcp {

enum class State : std::uint8_t {
  kClosed,
  kListen,
  kSynSent,
  kSynReceived,
  kEstablished,
  kFinWait1,
  kFinWait2,
  kCloseWait,
  kClosing,
  kLastAck,
  kTimeWait,
};

// "ESTABLISHED", "SYN-SENT", ... as RFC 9293 spells them.
const char* to_string(State state);
// "ESTAB", "SYN-SENT", "TIME-WAIT", ... as `ss` prints them.
const char* ss_name(State state);

// States in which we have received the peer's SYN (its sequence space is synchronised).
constexpr bool synchronized(State s) {
  return s != State::kClosed && s != State::kListen && s != State::kSynSent;
}

}  // namespace ws::tcp
