// A connection's 4-tuple, the key by which segments are demultiplexed (a hash table lookup).
#pragma once

#include <cstddef>
#include <cstdint>

#include "wirestack/trace/event.h"
#include "wirestack/wire/address.h"

namespace ws::tcp {

struct Tuple {
  Ipv4Address local;
  std::uint16_t local_port = 0;
  Ipv4Address remote;
  std::uint16_t remote_port = 0;

  bool operator==(const Tuple&) const = default;
  TcpEndpoints endpoints() const { return {local, local_port, remote, remote_port}; }
};

// Seeded from the layer's Rng, so a peer cannot choose tuples that all land in one bucket.
struct TupleHash {
  std::uint64_t seed = 0;
  std::size_t operator()(const Tuple& t) const {
    std::uint64_t h = seed ^ (std::uint64_t{t.local.value()} << 32) ^ t.remote.value();
    h ^= (std::uint64_t{t.local_port} << 16 | t.remote_port) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }
};

}  // namespace ws::tcp
