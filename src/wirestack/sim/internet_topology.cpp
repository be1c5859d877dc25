#include "wirestack/sim/internet_topology.h"

#include <stdexcept>

#include "wirestack/sim/internet_dns.h"

namespace ws::sim {
namespace {

// The home's access line: slower, a few milliseconds to the ISP.
LinkConfig access_link() { return link_config(Duration::millis(4), 100'000'000); }
LinkConfig core_link(Duration latency) { return link_config(latency, 10'000'000'000); }

}  // namespace

InternetTopology::InternetTopology(const InternetOptions& options)
    : topo_(options.seed),
      client_(topo_.add_host("client", false)),
      home_(topo_.add_host("home-router", true)),
      isp_(topo_.add_host("isp-router", true)),
      resolver_(topo_.add_host("isp-resolver", false)),
      backbone1_(topo_.add_host("backbone1", true)),
      backbone2_(topo_.add_host("backbone2", true)),
      edge_(topo_.add_host("google-edge", true)),
      root_(topo_.add_host("root-dns", false)),
      com_(topo_.add_host("com-dns", false)),
      google_dns_(topo_.add_host("google-dns", false)),
      web_(topo_.add_host("www", false)) {
  Switch& home_lan = sim().add_switch("home-lan");
  topo_.plug(client_, home_lan, "192.168.0.10/24", lan_link());
  topo_.plug(home_, home_lan, "192.168.0.1/24", lan_link());
  topo_.connect(home_, "203.0.113.2/30", isp_, "203.0.113.1/30", "access", access_link(),
                &options.access_faults);
  Switch& isp_lan = sim().add_switch("isp-lan");
  topo_.plug(isp_, isp_lan, "203.0.113.65/26", lan_link());
  topo_.plug(resolver_, isp_lan, "203.0.113.66/26", lan_link());
  topo_.connect(isp_, "198.51.100.1/30", backbone1_, "198.51.100.2/30", "core1",
                core_link(Duration::millis(2)));
  topo_.connect(backbone1_, "198.51.100.5/30", backbone2_, "198.51.100.6/30", "core2",
                core_link(Duration::millis(10)));
  topo_.connect(backbone2_, "198.51.100.9/30", edge_, "198.51.100.10/30", "core3",
                core_link(Duration::millis(2)));
  Switch& dns_lan = sim().add_switch("dns-lan");
  topo_.plug(backbone1_, dns_lan, "198.51.100.129/25", lan_link());
  topo_.plug(root_, dns_lan, "198.51.100.130/25", lan_link());
  topo_.plug(com_, dns_lan, "198.51.100.131/25", lan_link());
  Switch& google_lan = sim().add_switch("google-lan");
  topo_.plug(edge_, google_lan, "192.0.2.1/24", lan_link());
  topo_.plug(google_dns_, google_lan, "192.0.2.53/24", lan_link());
  topo_.plug(web_, google_lan, "192.0.2.100/24", lan_link());

  topo_.route(client_, "0.0.0.0/0", "192.168.0.1");
  topo_.route(home_, "0.0.0.0/0", "203.0.113.1");
  topo_.route(isp_, "0.0.0.0/0", "198.51.100.2");
  topo_.route(resolver_, "0.0.0.0/0", "203.0.113.65");
  topo_.route(backbone1_, "203.0.113.0/24", "198.51.100.1");
  topo_.route(backbone1_, "192.0.2.0/24", "198.51.100.6");
  topo_.route(backbone2_, "0.0.0.0/0", "198.51.100.5");
  topo_.route(backbone2_, "192.0.2.0/24", "198.51.100.10");
  topo_.route(edge_, "0.0.0.0/0", "198.51.100.9");
  for (Host* h : {&root_, &com_}) topo_.route(*h, "0.0.0.0/0", "198.51.100.129");
  for (Host* h : {&google_dns_, &web_}) topo_.route(*h, "0.0.0.0/0", "192.0.2.1");

  // The home router's eth1 (its second interface) is the access line: the NAT's outside.
  NatConfig nat;
  nat.outside_ifindex = 2;
  nat_ = std::make_unique<Nat>(home_, topo_.rng(), nat);
  node(home_).add_app(*nat_);

  for (Host* h : {&client_, &resolver_, &root_, &com_, &google_dns_, &web_}) {
    udp_.emplace_back(h, std::make_unique<UdpLayer>(*h, topo_.rng()));
  }
  dns_ = std::make_unique<InternetDns>(*this);
}

InternetTopology::~InternetTopology() = default;

UdpLayer& InternetTopology::udp(const Host& host) {
  for (auto& [h, layer] : udp_) {
    if (h == &host) return *layer;
  }
  throw std::out_of_range("no UDP layer on " + host.name());
}

void InternetTopology::set_event_sink(EventSink* sink) {
  topo_.set_event_sink(sink);
  dns_->set_event_sink(sink);
}

}  // namespace ws::sim
