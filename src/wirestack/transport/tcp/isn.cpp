#include "wirestack/transport/tcp/isn.h"

namespace ws::tcp {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) {
  return (x << b) | (x >> (64 - b));
}

struct SipState {
  std::uint64_t v0, v1, v2, v3;
  void round() {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }
  void absorb(std::uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

}  // namespace

std::uint64_t siphash_tuple(const SipKey& key, Ipv4Address a, std::uint16_t a_port, Ipv4Address b,
                            std::uint16_t b_port, std::uint32_t extra) {
  SipState s{key.k0 ^ 0x736f6d6570736575ull, key.k1 ^ 0x646f72616e646f6dull,
             key.k0 ^ 0x6c7967656e657261ull, key.k1 ^ 0x7465646279746573ull};
  s.absorb((std::uint64_t{a.value()} << 32) | b.value());
  s.absorb((std::uint64_t{a_port} << 48) | (std::uint64_t{b_port} << 32) | extra);
  s.absorb(std::uint64_t{16} << 56);  // the message length in the last block, as SipHash pads
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

Seq IsnGenerator::isn(Instant now, Ipv4Address local, std::uint16_t local_port, Ipv4Address remote,
                      std::uint16_t remote_port) const {
  const auto m = static_cast<std::uint32_t>(now.nanos() / 4000);
  const auto f =
      static_cast<std::uint32_t>(siphash_tuple(key_, local, local_port, remote, remote_port));
  return Seq(m + f);
}

}  // namespace ws::tcp
