#include "realtime.h"

#include <random>

#include "output_files.h"

namespace ws::tool {

const char* const kRealtimeUsage =
    "  --seed N        seed for every random choice (ISNs, ports, ids); default: random\n"
    "  --loss P%       lose this share of the frames, each direction (fault injector)\n"
    "  --reorder P%    hold this share of the frames back behind the next, each direction\n"
    "  --verbose       print every frame, not only connections, ICMP, ARP, NAT and drops\n";

tcp::Config realtime_tcp_config() {
  tcp::Config config;
  config.coalesce_acks = true;
  config.receive_buffer = 1024 * 1024;
  return config;
}

Ipv4Address address_option(std::string_view text, std::string_view what) {
  auto a = Ipv4Address::parse(text);
  if (!a)
    throw UsageError(std::string(what) + " '" + std::string(text) + "' is not an IPv4 address");
  return *a;
}

Ipv4Cidr cidr_option(const ParsedOptions& options, std::string_view name) {
  auto text = options.value(name);
  if (!text) throw UsageError(std::string(name) + " A.B.C.D/N is required");
  auto c = Ipv4Cidr::parse(*text);
  if (!c || c->prefix_len() == 0 || c->prefix_len() > 30) {
    throw UsageError(std::string(name) + " '" + std::string(*text) +
                     "' is not an address with a prefix length of 1 to 30 (A.B.C.D/N)");
  }
  return *c;
}

EventPrinter::EventPrinter(std::FILE* out, bool frames)
    : text_(out, {.filter = TextRenderer::Filter::kAll, .colour = colour_wanted(out)}),
      frames_(frames) {}

void EventPrinter::on_event(const Event& event) {
  // Per-datagram routing decisions would drown everything else on a real link.
  if (std::holds_alternative<RouteEvent>(event.data) ||
      std::holds_alternative<ForwardEvent>(event.data)) {
    if (!frames_) return;
  }
  if (std::holds_alternative<FrameEvent>(event.data) && !frames_) return;
  text_.on_event(event);
}

namespace {

std::uint64_t seed_from(const ParsedOptions& options) {
  if (options.has("--seed")) return options.uint_or("--seed", 1, 0, UINT64_MAX);
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) | device();
}

// A locally administered MAC made of the interface's address: 02:57:53 (ws) + its low three
// bytes, so `ip neigh` in the namespace tells which wirestack address owns it.
MacAddress mac_for(Ipv4Address a) {
  const std::uint32_t v = a.value();
  return MacAddress({0x02, 0x57, 0x53, static_cast<std::uint8_t>(v >> 16),
                     static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}

}  // namespace

RealtimeHost::RealtimeHost(std::string name, const ParsedOptions& options, HostConfig config,
                           std::FILE* events)
    : seed_(seed_from(options)),
      rng_(seed_),
      faults_{.loss = options.percent_or("--loss", 0),
              .duplicate = 0,
              .reorder = options.percent_or("--reorder", 0),
              .reorder_timeout = Duration::millis(10),
              .corrupt = 0,
              .jitter = Duration::zero(),
              .on_transmit = true,
              .on_receive = true},
      host_(std::move(name), rng_, config),
      node_(host_),
      printer_(events, options.has("--verbose")) {
  auto loop = RealTimeLoop::create();
  if (!loop) throw RuntimeFailure(loop.error().message);
  loop_ = std::move(*loop);
  sinks_.add(&printer_);
  host_.set_event_sink(&sinks_);
}

RealtimeHost::~RealtimeHost() = default;

Interface& RealtimeHost::add_interface(const std::string& tap, Ipv4Cidr address,
                                       const std::string& pcap, bool offload) {
  auto port = std::make_unique<Port>();
  const bool faults = faults_.loss > 0 || faults_.reorder > 0;
  auto opened = TapDevice::open(tap, {.offload = offload && !faults});
  if (!opened) throw RuntimeFailure(opened.error().message);
  port->tap = std::move(*opened);
  port->top = port->tap.get();
  if (!pcap.empty()) {
    auto writer = PcapWriter::open(pcap);
    if (!writer) throw RuntimeFailure(writer.error().message);
    port->writer = std::move(*writer);
    port->capture = std::make_unique<PcapCapture>(*port->top, *port->writer);
    port->top = port->capture.get();
  }
  if (faults) {
    port->faults = std::make_unique<FaultInjector>(*port->top, faults_, rng_.fork());
    port->top = port->faults.get();
  }
  loop_->watch(port->tap->fd());
  const std::string ifname = "eth" + std::to_string(ports_.size());
  Device& device = *port->top;
  ports_.push_back(std::move(port));
  return host_.add_interface({ifname, mac_for(address.address()), address, {}}, device);
}

void RealtimeHost::add_default_route(Ipv4Address gateway) {
  if (!host_.add_route(Ipv4Cidr(Ipv4Address::any(), 0), gateway)) {
    throw UsageError("gateway " + gateway.to_string() + " is not on a connected subnet");
  }
}

StopReason RealtimeHost::run(const RunLimits& limits) {
  const StopReason why = loop_->run(node_, limits);
  std::fflush(stdout);
  if (why == StopReason::kSignal) {
    std::fprintf(stderr, "stopping: signal %d\n", loop_->signal());
  }
  return why;
}

std::string RealtimeHost::format_counters() const {
  std::string out;
  char line[256];
  for (std::size_t i = 0; i < ports_.size(); ++i) {
    const Port& p = *ports_[i];
    const TapCounters& c = p.tap->counters();
    std::snprintf(
        line, sizeof line,
        "eth%zu (tap %s): rx %llu frames %llu bytes, tx %llu frames %llu bytes, "
        "tx dropped %llu, rx errors %llu\n",
        i, p.tap->name().c_str(), static_cast<unsigned long long>(c.rx_frames),
        static_cast<unsigned long long>(c.rx_bytes), static_cast<unsigned long long>(c.tx_frames),
        static_cast<unsigned long long>(c.tx_bytes), static_cast<unsigned long long>(c.tx_dropped),
        static_cast<unsigned long long>(c.rx_errors));
    out += line;
    if (p.tap->offload()) {
      std::snprintf(line, sizeof line,
                    "eth%zu offload: %llu frames came as large TCP segments, %llu dropped "
                    "(bad offload header)\n",
                    i, static_cast<unsigned long long>(c.rx_offloaded),
                    static_cast<unsigned long long>(c.rx_offload_errors));
      out += line;
    }
    if (p.faults) {
      for (const auto& [dir, st] : {std::pair{"sent", p.faults->transmit_stats()},
                                    std::pair{"received", p.faults->receive_stats()}}) {
        std::snprintf(line, sizeof line,
                      "eth%zu faults: %llu frames %s, %llu lost, %llu reordered\n", i,
                      static_cast<unsigned long long>(st.frames), dir,
                      static_cast<unsigned long long>(st.lost),
                      static_cast<unsigned long long>(st.reordered));
        out += line;
      }
    }
    if (p.writer) {
      auto flushed = p.writer->flush();
      std::snprintf(line, sizeof line, "eth%zu capture: %s (%llu frames)%s\n", i,
                    p.writer->path().c_str(), static_cast<unsigned long long>(p.writer->frames()),
                    flushed ? "" : " incomplete");
      out += line;
    }
  }
  out += host_.format_counters();
  return out;
}

}  // namespace ws::tool
