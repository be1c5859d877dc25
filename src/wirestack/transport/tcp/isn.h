// Initial sequence numbers (RFC 6528) and ephemeral ports (RFC 6056 §3.3.3, algorithm 3), both
// from a keyed hash of the connection's addresses (SipHash-2-4) with secret keys drawn from the
// layer's Rng: unpredictable to an off-path attacker, replayable from the seed.
#pragma once

#include <cstdint>

#include "wirestack/base/rng.h"
#include "wirestack/base/seq.h"
#include "wirestack/base/time.h"
#include "wirestack/wire/address.h"

namespace ws::tcp {

struct SipKey {
  std::uint64_t k0 = 0;
  std::uint64_t k1 = 0;
  static SipKey from(Rng& rng) { return {rng.next_u64(), rng.next_u64()}; }
};

// SipHash-2-4 of the 12-byte tuple (a, a_port, b, b_port) with `extra` mixed in as a fourth word.
std::uint64_t siphash_tuple(const SipKey& key, Ipv4Address a, std::uint16_t a_port, Ipv4Address b,
                            std::uint16_t b_port, std::uint32_t extra = 0);

class IsnGenerator {
 public:
  explicit IsnGenerator(Rng& rng) : key_(SipKey::from(rng)) {}
  // ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a 4 us clock.
  Seq isn(Instant now, Ipv4Address local, std::uint16_t local_port, Ipv4Address remote,
          std::uint16_t remote_port) const;

 private:
  SipKey key_;
};

}  // namespace ws::tcp
