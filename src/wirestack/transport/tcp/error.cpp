#include "wirestack/transport/tcp/error.h"

namespace ws::tcp {

const char* to_string(Error error) {
  switch (error) {
    case Error::kNone:
      return "no error";
    case Error::kInvalidSocket:
      return "invalid socket";
    case Error::kWouldBlock:
      return "would block";
    case Error::kAddressInUse:
      return "address in use";
    case Error::kNoPortsAvailable:
      return "no ephemeral port available";
    case Error::kNoRoute:
      return "no route to network";
    case Error::kInvalidState:
      return "invalid in this state";
    case Error::kNotConnected:
      return "not connected";
    case Error::kBrokenPipe:
      return "broken pipe";
    case Error::kConnectionRefused:
      return "connection refused";
    case Error::kConnectionReset:
      return "connection reset by peer";
    case Error::kTimedOut:
      return "connection timed out";
    case Error::kHostUnreachable:
      return "host unreachable";
    case Error::kAborted:
      return "connection aborted";
  }
  return "?";
}

}  // namespace ws::tcp
