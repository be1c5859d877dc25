// The hook by which transport protocols (UDP, TCP, ...) sit on the internet layer without it
// knowing them: a handler registers for an IP protocol number and receives its datagrams and
// the ICMP errors about what it sent. Arrows point down: transports include this, not the
// reverse.
#pragma once

#include <cstdint>

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/icmp_error.h"
#include "wirestack/wire/ipv4.h"

namespace ws {

class IpProtocolHandler {
 public:
  virtual ~IpProtocolHandler() = default;
  // A datagram addressed to this host (reassembled when it came in fragments). `payload` is
  // valid only during the call.
  virtual void on_datagram(Instant now, const Ipv4Repr& ip, Bytes payload,
                           std::uint32_t ifindex) = 0;
  // An ICMP error (RFC 1122 §3.2.2: passed up to the transport) about a datagram of this
  // protocol.
  virtual void on_icmp_error(Instant now, const IcmpError& error) = 0;
  // The host's poll is over, and so are the applications' that followed it (Host::end_poll):
  // send what was held back until they had read what arrived (tcp::Config::coalesce_acks).
  virtual void end_poll(Instant) {}
};

// A ping client (or anything else that sends echo requests with an identifier of its own).
class IcmpEchoListener {
 public:
  virtual ~IcmpEchoListener() = default;
  // `data` is valid only during the call.
  virtual void on_echo_reply(Instant now, const Ipv4Repr& ip, std::uint16_t seq, Bytes data) = 0;
  // An error quoting one of our echo requests with this identifier.
  virtual void on_echo_error(Instant now, const IcmpError& error, std::uint16_t seq) = 0;
};

}  // namespace ws
