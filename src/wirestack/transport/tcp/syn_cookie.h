// SYN cookies (RFC 4987 §3.6): when a listener's SYN queue is full, the SYN-ACK's sequence
// number carries what the final ACK needs to rebuild the connection, so a SYN flood costs no
// memory. Layout (as Linux): 5 bits of a 64-second counter, 3 bits of MSS index, and 24 bits of
// a keyed hash of the 4-tuple, the peer's ISN and the counter. Options other than MSS are not
// kept: such a connection runs without window scaling, timestamps and SACK.
#pragma once

#include <cstdint>
#include <optional>

#include "wirestack/base/rng.h"
#include "wirestack/base/seq.h"
#include "wirestack/base/time.h"
#include "wirestack/transport/tcp/isn.h"
#include "wirestack/transport/tcp/tuple.h"

namespace ws::tcp {

class SynCookies {
 public:
  explicit SynCookies(Rng& rng) : key_(SipKey::from(rng)) {}

  // Our ISN for a SYN from `peer_isn` offering `peer_mss`.
  Seq make(Instant now, const Tuple& tuple, Seq peer_isn, std::uint16_t peer_mss) const;
  // The MSS to use when `cookie` (the final ACK's number less one) is one we made in the last
  // two counter periods for this tuple and peer ISN; nullopt otherwise.
  std::optional<std::uint16_t> check(Instant now, const Tuple& tuple, Seq peer_isn,
                                     Seq cookie) const;

 private:
  std::uint32_t hash(const Tuple& tuple, Seq peer_isn, std::uint32_t counter) const;
  SipKey key_;
};

}  // namespace ws::tcp
