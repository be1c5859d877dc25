#include "wirestack/sim/journey.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "wirestack/internet/packet_hook.h"
#include "wirestack/sim/journey_apps.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"

namespace ws::sim {
namespace {

// With --warm, the second visit starts this long after the first one's last segment: well
// within the ARP entries' and DNS records' lifetimes.
constexpr Duration kWarmGap = Duration::seconds(1);
// Virtual time for the whole story: TIME-WAIT alone is 2 MSL (60 s); faults add retries.
constexpr Duration kStoryLimit = Duration::seconds(600);

// `ss -tan`: the state lines of format_ss (without its indented internals).
std::string ss_states(const tcp::Layer& tcp) {
  std::istringstream in(tcp.format_ss());
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '\t') out += line + "\n";
  }
  return out;
}

bool is(const char* a, const char* b) {
  return std::strcmp(a, b) == 0;
}

}  // namespace

// --lose-last-ack: sits in front of the home router's NAT and loses, once, the client's ACK of
// the server's FIN, as a flaky line would; everything else goes through the NAT as before.
class Journey::LoseFinalAck final : public PacketHook {
 public:
  LoseFinalAck(PacketHook& inner, const Journey& journey) : inner_(inner), journey_(journey) {}
  std::optional<DropReason> prerouting(Instant now, const Interface& in,
                                       MutableBytes datagram) override {
    if (armed_ && journey_.client_time_wait_ && is_bare_ack_from_client(datagram)) {
      armed_ = false;
      return DropReason::kFaultInjected;
    }
    return inner_.prerouting(now, in, datagram);
  }
  std::optional<DropReason> postrouting(Instant now, const Interface& in, const Interface& out,
                                        MutableBytes datagram) override {
    return inner_.postrouting(now, in, out, datagram);
  }

 private:
  bool is_bare_ack_from_client(Bytes datagram) const {
    auto ip = Ipv4Packet::check(datagram);
    if (!ip || ip->protocol() != ip_proto::kTcp || ip->src() != InternetTopology::kClient)
      return false;
    auto tcp = TcpPacket::check(ip->payload());
    return tcp && tcp->flags() == tcp_flag::kAck && tcp->payload().empty();
  }
  PacketHook& inner_;
  const Journey& journey_;
  bool armed_ = true;
};

// Records every event of the recorded visit with its step, and follows the browser's socket.
class Journey::Recorder final : public EventSink {
 public:
  Recorder(Journey& journey, StepCast cast) : journey_(journey), classifier_(std::move(cast)) {}

  void on_event(const Event& event) override {
    follow_client_socket(event);
    if (!recording_ || from_first_visit(event)) return;
    const StepVerdict verdict = classifier_.classify(event);
    journey_.events_.emplace_back(event);
    journey_.verdicts_.push_back(verdict);
    journey_.snapshot(event);
    if (sink_) sink_->on_event(event);
  }

  bool recording_ = false;
  std::uint16_t first_visit_port_ = 0;  // with --warm: the first visit's socket, not shown
  EventSink* sink_ = nullptr;

 private:
  void follow_client_socket(const Event& event) {
    const auto* s = std::get_if<TcpStateEvent>(&event.data);
    if (!s || event.node != journey_.net_.client().name()) return;
    if (s->endpoints.local_port != journey_.browser_port()) return;
    if (is(s->to, "TIME-WAIT")) journey_.client_time_wait_ = true;
    if (is(s->from, "TIME-WAIT") && is(s->to, "CLOSED")) journey_.result_.closed = true;
  }
  bool from_first_visit(const Event& event) const {
    const auto* s = std::get_if<TcpStateEvent>(&event.data);
    return s && first_visit_port_ != 0 &&
           (s->endpoints.local_port == first_visit_port_ ||
            s->endpoints.remote_port == first_visit_port_);
  }

  Journey& journey_;
  StepClassifier classifier_;
};

namespace {

StepCast cast_of(InternetTopology& net) {
  StepCast cast;
  cast.client = net.client().name();
  cast.client_ip = InternetTopology::kClient;
  cast.server = net.web_server().name();
  cast.server_ip = InternetTopology::kWebServer;
  cast.resolver = net.resolver().name();
  cast.nat_router = net.home_router().name();
  for (const auto& host : net.topology().hosts()) {
    if (host->forwarding()) cast.routers.push_back(host->name());
  }
  return cast;
}

InternetOptions internet_options(const JourneyOptions& options) {
  InternetOptions o;
  o.seed = options.seed;
  o.access_faults.loss = options.loss;
  o.access_faults.reorder = options.reorder;
  return o;
}

}  // namespace

Journey::Journey(const JourneyOptions& options)
    : options_(options),
      net_(internet_options(options)),
      recorder_(std::make_unique<Recorder>(*this, cast_of(net_))),
      apps_(std::make_unique<JourneyApps>(net_, options.url)) {
  net_.set_event_sink(recorder_.get());
  apps_->set_event_sink(recorder_.get());
  for (Host* h : {&net_.client(), &net_.home_router(), &net_.isp_router(), &net_.resolver(),
                  &net_.backbone1(), &net_.root_dns(), &net_.com_dns(), &net_.backbone2(),
                  &net_.google_edge(), &net_.google_dns(), &net_.web_server()}) {
    path_order_.push_back(h->name());
  }
}

Journey::~Journey() {
  net_.home_router().set_packet_hook(&net_.nat());
}

std::uint16_t Journey::browser_port() const {
  return apps_->browser_port();
}

const JourneyResult& Journey::run(const std::function<void(Simulation&)>& on_record_start,
                                  EventSink* sink) {
  Simulation& sim = net_.sim();
  recorder_->sink_ = sink;
  if (options_.warm) {
    apps_->visit(sim.now());
    sim.run_while([&] { return !client_time_wait_ && apps_->error().empty(); },
                  sim.now() + kStoryLimit);
    recorder_->first_visit_port_ = apps_->browser_port();
    client_time_wait_ = false;
    sim.run_until(sim.now() + kWarmGap);
  }
  if (on_record_start) on_record_start(sim);
  if (options_.lose_last_ack) {
    lose_final_ack_ = std::make_unique<LoseFinalAck>(net_.nat(), *this);
    net_.home_router().set_packet_hook(lose_final_ack_.get());
  }
  recorder_->recording_ = true;
  result_.start = sim.now();
  add_table("client", client_config());
  apps_->visit(sim.now());
  sim.run_while([&] { return !result_.closed && apps_->error().empty(); }, sim.now() + kStoryLimit);
  result_.end = sim.now();
  apps_->fill(result_);
  if (result_.error.empty() && !result_.closed) result_.error = "the story did not finish in time";
  return result_;
}

std::string Journey::client_config() const {
  const Host& client = net_.client();
  std::string s = "$ ip addr\n";
  for (const auto& iface : client.interfaces()) {
    s += "  " + iface->name() + "  inet " + iface->cidr().to_string() + "  link/ether " +
         iface->mac().to_string() + "\n";
  }
  s += "$ netstat -rn\n" + client.format_routes_netstat();
  s += "$ cat /etc/resolv.conf\nnameserver " + InternetTopology::kResolver.to_string() + "\n";
  return s;
}

void Journey::add_table(std::string title, std::string text) {
  tables_.push_back({events_.size(), std::move(title), std::move(text)});
}

// The tables that decided what just happened, as they stand now.
void Journey::snapshot(const Event& event) {
  const std::string node(event.node);
  Host* host = nullptr;
  for (const auto& h : net_.topology().hosts()) {
    if (h->name() == node) host = h.get();
  }
  if (host == nullptr) return;
  if (std::holds_alternative<RouteEvent>(event.data)) {
    if (std::find(routes_shown_.begin(), routes_shown_.end(), node) != routes_shown_.end()) return;
    routes_shown_.push_back(node);
    add_table(node + ": netstat -rn", host->format_routes_netstat());
  } else if (const auto* arp = std::get_if<ArpEvent>(&event.data)) {
    if (arp->what == ArpEvent::What::kCacheAdded || arp->what == ArpEvent::What::kCacheUpdated)
      add_table(node + ": ip neigh", host->format_neighbours());
  } else if (const auto* nat = std::get_if<NatEvent>(&event.data)) {
    if (nat->what != NatEvent::What::kExpired)
      add_table(node + ": conntrack -L", net_.nat().format_conntrack(event.time));
  } else if (const auto* state = std::get_if<TcpStateEvent>(&event.data)) {
    if (std::strcmp(state->to, "CLOSED") == 0) return;  // gone from the table
    if (const tcp::Layer* tcp = apps_->tcp_of(*host))
      add_table(node + ": ss -tan", ss_states(*tcp));
  }
}

}  // namespace ws::sim
