// The IPv4 routing table: connected, static and default routes, looked up by longest-prefix
// match (RFC 1812 §5.2.4.3).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wirestack/wire/address.h"

namespace ws {

struct Route {
  enum class Kind : std::uint8_t { kConnected, kStatic };
  Ipv4Cidr destination;                // always stored as its network (host bits cleared)
  std::optional<Ipv4Address> gateway;  // none: directly connected
  std::uint32_t ifindex = 0;
  Kind kind = Kind::kStatic;
  Ipv4Address source;  // preferred source (the interface's address), shown as `src`

  // The address to resolve with ARP for a datagram to `dst`.
  Ipv4Address next_hop(Ipv4Address dst) const { return gateway ? *gateway : dst; }
};

// One hash table per prefix length, probed from /32 down to /0: a lookup costs at most one hash
// probe per prefix length in use, whatever the number of routes.
class RoutingTable {
 public:
  // Adds or replaces the route to `route.destination` (like `ip route replace`).
  void add(Route route);
  bool remove(Ipv4Cidr destination);
  // Removes every route through `ifindex`.
  void remove_interface(std::uint32_t ifindex);

  const Route* lookup(Ipv4Address dst) const;
  std::size_t size() const;

  // Routes in a stable order: default first, then by network address and prefix length.
  std::vector<Route> sorted() const;

  using IfName = std::function<std::string_view(std::uint32_t ifindex)>;
  // `ip route`: "default via 192.168.0.1 dev eth0" /
  // "192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.10"
  std::string format_ip_route(const IfName& ifname) const;
  // `netstat -rn`: the kernel IP routing table with Destination/Gateway/Genmask/Flags/Iface.
  std::string format_netstat(const IfName& ifname) const;

 private:
  std::array<std::unordered_map<std::uint32_t, Route>, 33> by_len_;
  std::uint64_t lengths_in_use_ = 0;  // bit n set: some route of prefix length n
};

}  // namespace ws
