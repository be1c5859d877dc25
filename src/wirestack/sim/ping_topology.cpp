#include "wirestack/sim/ping_topology.h"

namespace ws::sim {
namespace {

LinkConfig wan_link() { return link_config(Duration::millis(5), 100'000'000); }

}  // namespace

PingTopology::PingTopology(const PingTopologyOptions& options)
    : topo_(options.seed),
      client_(topo_.add_host("client", false)),
      r1_(topo_.add_host("r1", true)),
      r2_(topo_.add_host("r2", true)),
      server_(topo_.add_host("server", false)) {
  Switch& lan = topo_.sim().add_switch("lan");
  topo_.plug(client_, lan, "192.168.1.10/24", lan_link());
  topo_.plug(r1_, lan, "192.168.1.1/24", lan_link());
  topo_.connect(r1_, "198.51.100.1/30", r2_, "198.51.100.2/30", "wan", wan_link(),
                &options.wan_faults);
  topo_.connect(r2_, "203.0.113.1/24", server_, "203.0.113.10/24", "dc", lan_link());

  topo_.route(client_, "0.0.0.0/0", "192.168.1.1");
  topo_.route(r1_, "0.0.0.0/0", "198.51.100.2");
  topo_.route(r2_, "192.168.1.0/24", "198.51.100.1");
  topo_.route(server_, "0.0.0.0/0", "203.0.113.1");
}

}  // namespace ws::sim
