#include "wirestack/internet/interface.h"

namespace ws {

std::string Interface::format_neighbours() const {
  std::string out;
  for (const ArpCache::Neighbour& n : arp_.neighbours()) {
    out += n.ip.to_string() + " dev " + name();
    if (n.state == ArpCache::State::kReachable) {
      out += " lladdr " + n.mac.to_string() + " REACHABLE\n";
    } else {
      out += " INCOMPLETE\n";
    }
  }
  return out;
}

}  // namespace ws
