// An Ethernet interface of a host: its name and index (eth0, 1), MAC address, IPv4 address and
// prefix, the Device that carries its frames, and its neighbour (ARP) table.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "wirestack/internet/arp_cache.h"
#include "wirestack/link/device.h"
#include "wirestack/wire/address.h"

namespace ws {

struct InterfaceConfig {
  std::string name;  // "eth0"
  MacAddress mac;
  Ipv4Cidr address;  // 192.168.0.10/24
  ArpCacheConfig arp;
};

class Interface {
 public:
  Interface(std::uint32_t ifindex, InterfaceConfig config, Device& device)
      : ifindex_(ifindex), config_(std::move(config)), device_(device), arp_(config_.arp) {}

  std::uint32_t ifindex() const { return ifindex_; }
  const std::string& name() const { return config_.name; }
  MacAddress mac() const { return config_.mac; }
  Ipv4Cidr cidr() const { return config_.address; }
  Ipv4Address address() const { return config_.address.address(); }
  std::size_t mtu() const { return device_.caps().mtu; }
  Device& device() { return device_; }
  const Device& device() const { return device_; }
  ArpCache& arp() { return arp_; }
  const ArpCache& arp() const { return arp_; }

  // A frame is for us when sent to our MAC, to broadcast, or to a multicast group (which the
  // layer above then filters).
  bool accepts(MacAddress dst) const { return dst == config_.mac || dst.is_multicast(); }
  // The limited broadcast, or this subnet's directed broadcast (RFC 1122 §3.3.6). A /31 or /32
  // has no directed broadcast (RFC 3021).
  bool is_broadcast(Ipv4Address a) const {
    return a.is_broadcast() ||
           (config_.address.prefix_len() < 31 && a == config_.address.broadcast());
  }

  // `ip neigh` lines: "192.168.0.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE".
  std::string format_neighbours() const;

 private:
  std::uint32_t ifindex_;
  InterfaceConfig config_;
  Device& device_;
  ArpCache arp_;
};

}  // namespace ws
