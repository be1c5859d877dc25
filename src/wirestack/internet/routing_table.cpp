#include "wirestack/internet/routing_table.h"

#include <algorithm>
#include <cstdio>

namespace ws {

void RoutingTable::add(Route route) {
  route.destination = Ipv4Cidr(route.destination.network(), route.destination.prefix_len());
  const std::uint8_t len = route.destination.prefix_len();
  by_len_[len].insert_or_assign(route.destination.address().value(), route);
  lengths_in_use_ |= std::uint64_t{1} << len;
}

bool RoutingTable::remove(Ipv4Cidr destination) {
  const std::uint8_t len = destination.prefix_len();
  if (by_len_[len].erase(destination.network().value()) == 0) return false;
  if (by_len_[len].empty()) lengths_in_use_ &= ~(std::uint64_t{1} << len);
  return true;
}

void RoutingTable::remove_interface(std::uint32_t ifindex) {
  for (std::size_t len = 0; len < by_len_.size(); ++len) {
    std::erase_if(by_len_[len], [&](const auto& kv) { return kv.second.ifindex == ifindex; });
    if (by_len_[len].empty()) lengths_in_use_ &= ~(std::uint64_t{1} << len);
  }
}

const Route* RoutingTable::lookup(Ipv4Address dst) const {
  for (int len = 32; len >= 0; --len) {
    if (!(lengths_in_use_ & (std::uint64_t{1} << len))) continue;
    const Ipv4Cidr prefix(dst, static_cast<std::uint8_t>(len));
    const auto& table = by_len_[static_cast<std::size_t>(len)];
    if (auto it = table.find(prefix.network().value()); it != table.end()) return &it->second;
  }
  return nullptr;
}

std::size_t RoutingTable::size() const {
  std::size_t n = 0;
  for (const auto& table : by_len_) n += table.size();
  return n;
}

std::vector<Route> RoutingTable::sorted() const {
  std::vector<Route> out;
  for (const auto& table : by_len_) {
    for (const auto& kv : table) out.push_back(kv.second);
  }
  std::sort(out.begin(), out.end(), [](const Route& a, const Route& b) {
    const bool a_default = a.destination.prefix_len() == 0;
    const bool b_default = b.destination.prefix_len() == 0;
    if (a_default != b_default) return a_default;
    if (a.destination.address() != b.destination.address()) {
      return a.destination.address() < b.destination.address();
    }
    return a.destination.prefix_len() < b.destination.prefix_len();
  });
  return out;
}

std::string RoutingTable::format_ip_route(const IfName& ifname) const {
  std::string out;
  for (const Route& r : sorted()) {
    out += r.destination.prefix_len() == 0 ? std::string("default") : r.destination.to_string();
    if (r.gateway) out += " via " + r.gateway->to_string();
    out += " dev ";
    out += ifname(r.ifindex);
    if (r.kind == Route::Kind::kConnected) {
      out += " proto kernel scope link src " + r.source.to_string();
    }
    out += '\n';
  }
  return out;
}

std::string RoutingTable::format_netstat(const IfName& ifname) const {
  std::string out =
      "Kernel IP routing table\n"
      "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n";
  char line[160];
  for (const Route& r : sorted()) {
    const std::string flags = r.gateway ? "UG" : (r.destination.prefix_len() == 32 ? "UH" : "U");
    const std::string gateway = r.gateway ? r.gateway->to_string() : "0.0.0.0";
    std::snprintf(line, sizeof line, "%-15s %-15s %-15s %-5s %5d %-6d %5d %.*s\n",
                  r.destination.address().to_string().c_str(), gateway.c_str(),
                  Ipv4Address(r.destination.mask()).to_string().c_str(), flags.c_str(), 0, 0, 0,
                  static_cast<int>(ifname(r.ifindex).size()), ifname(r.ifindex).data());
    out += line;
  }
  return out;
}

}  // namespace ws
