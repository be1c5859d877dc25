// What a socket call or a connection's end can report (errno names in the comments).
#pragma once

#include <cstdint>

namespace ws::tcp {

enum class Error : std::uint8_t {
  kNone,
  kInvalidSocket,      // EBADF: no such socket (or already closed by the user)
  kWouldBlock,         // EAGAIN: nothing to read, no room to write, nothing to accept
  kAddressInUse,       // EADDRINUSE: listening port taken
  kNoPortsAvailable,   // EADDRNOTAVAIL: every ephemeral port in use towards that peer
  kNoRoute,            // ENETUNREACH: no source address for the destination
  kInvalidState,       // EINVAL / EISCONN: the call makes no sense in this state
  kNotConnected,       // ENOTCONN: not yet (or no longer) connected
  kBrokenPipe,         // EPIPE: writing after shutdown
  kConnectionRefused,  // ECONNREFUSED: RST in answer to our SYN, or port unreachable
  kConnectionReset,    // ECONNRESET: the peer reset an established connection
  kTimedOut,           // ETIMEDOUT: retransmissions exhausted
  kHostUnreachable,    // EHOSTUNREACH: ICMP said so while connecting
  kAborted,            // ECONNABORTED: we aborted it (abort(), listener closed)
};

const char* to_string(Error error);

}  // namespace ws::tcp
