#include "wirestack/transport/tcp/syn_cookie.h"

#include <array>

namespace ws::tcp {
namespace {

constexpr std::array<std::uint16_t, 8> kMssTable = {216, 536, 1200, 1300, 1360, 1440, 1460, 8960};
constexpr std::int64_t kPeriodNanos = 64'000'000'000;
constexpr std::uint32_t kHashMask = 0xffffff;

std::uint32_t counter_at(Instant now) {
  return static_cast<std::uint32_t>(now.nanos() / kPeriodNanos);
}

}  // namespace

std::uint32_t SynCookies::hash(const Tuple& tuple, Seq peer_isn, std::uint32_t counter) const {
  const SipKey key{key_.k0 ^ counter, key_.k1};
  return static_cast<std::uint32_t>(siphash_tuple(key, tuple.local, tuple.local_port, tuple.remote,
                                                  tuple.remote_port, peer_isn.raw())) &
         kHashMask;
}

Seq SynCookies::make(Instant now, const Tuple& tuple, Seq peer_isn, std::uint16_t peer_mss) const {
  std::uint32_t index = 0;
  for (std::uint32_t i = 0; i < kMssTable.size(); ++i) {
    if (kMssTable[i] <= peer_mss) index = i;
  }
  const std::uint32_t counter = counter_at(now);
  return Seq(((counter & 0x1f) << 27) | (index << 24) | hash(tuple, peer_isn, counter));
}

std::optional<std::uint16_t> SynCookies::check(Instant now, const Tuple& tuple, Seq peer_isn,
                                               Seq cookie) const {
  const std::uint32_t c = cookie.raw();
  const std::uint32_t current = counter_at(now);
  for (std::uint32_t age = 0; age < 2 && age <= current; ++age) {
    const std::uint32_t counter = current - age;
    if ((c >> 27) == (counter & 0x1f) && (c & kHashMask) == hash(tuple, peer_isn, counter)) {
      return kMssTable[(c >> 24) & 0x7];
    }
  }
  return std::nullopt;
}

}  // namespace ws::tcp
