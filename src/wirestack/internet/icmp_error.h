// An ICMP error as the layer above sees it: who sent it, what it says, and the quoted datagram
// that caused it (RFC 792: its IP header + at least 8 bytes), parsed leniently because the
// quote is truncated by design (its total length describes the original).
#pragma once

#include <cstdint>
#include <optional>

#include "wirestack/base/bytes.h"
#include "wirestack/wire/address.h"

namespace ws {

struct QuotedDatagram {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint8_t protocol = 0;
  std::uint16_t ident = 0;
  std::uint16_t frag_offset = 0;  // bytes
  Bytes header;
  Bytes payload;  // the quoted part of the payload (usually 8 bytes: ports, or ICMP id/seq)

  // Checks version 4, IHL >= 5 and that the header fits; nullopt otherwise.
  static std::optional<QuotedDatagram> parse(Bytes quote);
};

struct IcmpError {
  Ipv4Address from;  // the router or host that reported it (our own address for local errors)
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t next_hop_mtu = 0;  // fragmentation needed (RFC 1191)
  QuotedDatagram quoted;
};

}  // namespace ws
