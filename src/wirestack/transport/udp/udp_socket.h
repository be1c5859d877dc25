// The types of the UDP socket API: socket ids, endpoints, errors, what a receive returns, and
// the ICMP errors a socket is told about.
#pragma once

#include <cstdint>

#include "wirestack/wire/address.h"

namespace ws {

// A socket handle; a closed socket's id stays stale even when its slot is reused.
struct UdpSocketId {
  std::uint32_t index = 0;
  std::uint32_t generation = 0;
  bool operator==(const UdpSocketId&) const = default;
};

struct UdpEndpoint {
  Ipv4Address address;
  std::uint16_t port = 0;
  bool operator==(const UdpEndpoint&) const = default;
};

enum class UdpError : std::uint8_t {
  kBadSocket,         // EBADF: no such socket (closed or never opened)
  kAddressInUse,      // EADDRINUSE
  kAddressNotLocal,   // EADDRNOTAVAIL: bind to an address the host does not have
  kNoEphemeralPorts,  // every port of 49152-65535 taken
  kInvalidArgument,   // EINVAL: destination port 0
  kNotConnected,      // EDESTADDRREQ: send() on a socket without a peer
  kWouldBlock,        // EAGAIN: nothing to receive
  kNoRoute,           // ENETUNREACH
  kMessageTooBig,     // EMSGSIZE
  kNoBufferSpace,     // ENOBUFS: the internet layer dropped it (ARP queue full)
};
const char* to_string(UdpError error);

// One datagram taken by recv_from.
struct UdpReceived {
  UdpEndpoint from;
  Ipv4Address to;          // the local address it was sent to (a broadcast, say)
  std::size_t len = 0;     // bytes copied out
  bool truncated = false;  // the datagram was longer than the buffer (MSG_TRUNC); rest dropped
};

// An ICMP error about a datagram this socket sent (Linux's IP_RECVERR).
struct UdpSocketError {
  Ipv4Address reporter;  // the router or host that sent the error
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  UdpEndpoint destination;  // where the quoted datagram was going
  std::uint16_t next_hop_mtu = 0;
};

}  // namespace ws
