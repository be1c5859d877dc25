// `wirestack up`: one wirestack host on a Linux tap, serving the classic echo and discard
// services, DNS from a zone file, until SIGINT/SIGTERM (or --duration); Linux's own tools in
// the tap's namespace are its peers.
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "options.h"
#include "realtime.h"
#include "wirestack/application/dns/udp_binding.h"
#include "wirestack/application/dns/zone.h"
#include "wirestack/application/http/server.h"
#include "wirestack/application/stream_services.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack up --tap NAME --addr A.B.C.D/N [--gw ADDR] [--http-root DIR]\n"
    "                    [--http-port PORT] [--dns-zone FILE] [--echo PORT] [--discard PORT]\n"
    "                    [--pcap FILE] [--no-offload] [--duration S]\n"
    "                    [--seed N] [--loss P%] [--verbose]\n"
    "\n"
    "Brings one wirestack host up on the Linux tap NAME (opened in this process's network\n"
    "namespace: run it with `ip netns exec NS`) and serves until SIGINT or SIGTERM:\n"
    "HTTP/1.1 from a directory, TCP and UDP echo (RFC 862) and discard (RFC 863), and DNS\n"
    "from a zone file on port 53.\n"
    "It answers ARP and ping. Prints connections, ICMP, ARP and drops as they happen; on\n"
    "stop, its counters (tap, netstat -s, services).\n"
    "\n"
    "  --tap NAME       the tap interface to attach to (created if absent)\n"
    "  --addr A/N       this host's address and prefix, e.g. 10.200.0.2/24\n"
    "  --gw ADDR        default gateway (on the --addr subnet)\n"
    "  --http-root DIR  serve the files under DIR over HTTP (GET, HEAD)\n"
    "  --http-port PORT the HTTP port (default 80)\n"
    "  --dns-zone FILE  serve this zone (RFC 1035 master file) on UDP port 53\n"
    "  --echo PORT      TCP/UDP echo port (default 7; 0: none)\n"
    "  --discard PORT   TCP/UDP discard port (default 9; 0: none)\n"
    "  --pcap FILE      capture every frame in and out of the tap\n"
    "  --no-offload     take frames at wire size (no TSO or checksum offload from the kernel)\n"
    "  --duration S     stop after S seconds\n";
constexpr const char* kUsageEnd =
    "\n"
    "Exit status: 0 stopped cleanly, 1 the tap or a file could not be opened, 2 bad usage.\n";

constexpr OptionSpec kOwnOptions[] = {
    {"--tap", true},  {"--addr", true},        {"--http-root", true}, {"--http-port", true},
    {"--gw", true},   {"--dns-zone", true},    {"--echo", true},      {"--discard", true},
    {"--pcap", true}, {"--no-offload", false}, {"--duration", true},
};

// The authoritative server as an application of the node (it has no timers).
struct DnsApp {
  dns::AuthoritativeUdpServer& server;
  void poll(Instant now) { server.poll(now); }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

dns::Zone load_zone(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read zone file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  auto zone = dns::Zone::parse(text.str());
  if (!zone) throw UsageError(path + ": " + zone.error().to_string());
  return std::move(*zone);
}

int up(const ParsedOptions& options) {
  if (!options.positional().empty())
    throw UsageError("unexpected argument '" + std::string(options.positional()[0]) + "'");
  const std::string tap = options.string_or("--tap", "");
  if (tap.empty()) throw UsageError("--tap NAME is required");
  const Ipv4Cidr addr = cidr_option(options, "--addr");
  const auto echo_port = static_cast<std::uint16_t>(options.uint_or("--echo", 7, 0, 65535));
  const auto discard_port = static_cast<std::uint16_t>(options.uint_or("--discard", 9, 0, 65535));
  if (echo_port != 0 && echo_port == discard_port)
    throw UsageError("--echo and --discard need different ports");
  std::optional<Duration> duration;
  if (options.has("--duration"))
    duration =
        Duration::seconds(static_cast<std::int64_t>(options.uint_or("--duration", 0, 1, 86400)));
  std::optional<dns::Zone> zone;
  if (auto path = options.value("--dns-zone")) zone = load_zone(std::string(*path));

  RealtimeHost rt("wirestack", options);
  rt.add_interface(tap, addr, options.string_or("--pcap", ""), !options.has("--no-offload"));
  if (auto gw = options.value("--gw")) rt.add_default_route(address_option(*gw, "--gw"));

  tcp::Layer tcp(rt.host(), rt.rng(), realtime_tcp_config());
  tcp.set_event_sink(&rt.sinks());
  UdpLayer udp(rt.host(), rt.rng());
  rt.node().add_app(tcp);

  std::vector<std::unique_ptr<ClassicService>> services;
  for (auto [kind, port] :
       {std::pair{ServiceKind::kEcho, echo_port}, std::pair{ServiceKind::kDiscard, discard_port}}) {
    if (port == 0) continue;
    services.push_back(std::make_unique<ClassicService>(
        tcp, udp, ClassicServiceConfig{.kind = kind, .port = port}));
    if (auto started = services.back()->start(); !started) throw UsageError(started.error());
    rt.node().add_app(*services.back());
  }
  std::optional<http::Server> web;
  http::ServerConfig web_config;
  if (auto root = options.value("--http-root")) {
    web_config.port = static_cast<std::uint16_t>(options.uint_or("--http-port", 80, 1, 65535));
    web.emplace(tcp, web_config);
    if (!web->site().serve_directory(std::string(*root))) {
      throw UsageError("--http-root '" + std::string(*root) + "' is not a directory");
    }
    web->set_event_sink(&rt.sinks(), rt.host().name());
    if (auto started = web->start(); !started) {
      throw UsageError("tcp port " + std::to_string(web_config.port) + ": " +
                       tcp::to_string(started.error()));
    }
    rt.node().add_app(*web);
    std::printf("http: serving %s on tcp/%u\n", std::string(*root).c_str(), web_config.port);
  }
  dns::AuthoritativeServer authority;
  std::optional<dns::AuthoritativeUdpServer> dns_server;
  std::optional<DnsApp> dns_app;
  if (zone) {
    const std::string origin = zone->origin().to_string();
    authority.add_zone(std::move(*zone));
    dns_server.emplace(udp, authority);
    if (auto started = dns_server->start(); !started)
      throw UsageError("udp port 53: " + std::string(to_string(started.error())));
    dns_app.emplace(DnsApp{*dns_server});
    rt.node().add_app(*dns_app);
    std::printf("dns: serving %s on udp/53\n", origin.c_str());
  }
  for (const auto& s : services)
    std::printf("%s: tcp/%u udp/%u\n", s->name(), s->port(), s->port());
  std::printf("up: %s on tap %s, seed %llu\n", addr.to_string().c_str(), tap.c_str(),
              static_cast<unsigned long long>(rt.seed()));
  std::fflush(stdout);

  const StopReason why = rt.run({.limit = duration, .done = {}});
  std::printf("\nstopped (%s)\n%s", to_string(why), rt.format_counters().c_str());
  std::printf("%s%s", tcp.format_counters().c_str(), udp.format_counters().c_str());
  for (const auto& s : services) std::printf("%s", s->format_counters().c_str());
  if (web) {
    const http::ServerCounters& c = web->counters();
    std::printf("http/%u: %llu connections, %llu requests, %llu 2xx, %llu 4xx, %llu 5xx\n",
                static_cast<unsigned>(web_config.port),
                static_cast<unsigned long long>(c.connections_accepted),
                static_cast<unsigned long long>(c.requests),
                static_cast<unsigned long long>(c.responses_2xx),
                static_cast<unsigned long long>(c.responses_4xx),
                static_cast<unsigned long long>(c.responses_5xx));
  }
  return 0;
}

int run_up(std::span<const std::string_view> args) {
  return run_realtime_command("up", [&] {
    return run_realtime_options(args, kOwnOptions, kUsage, kUsageEnd,
                                [](const ParsedOptions& options) { return up(options); });
  });
}

}  // namespace

const CommandRegistration kRegistration{{
    .name = "up",
    .summary = "one wirestack host on a Linux tap: HTTP, DNS, echo, discard (real network)",
    .run = run_up,
    .help_rank = 60,
}};

}  // namespace ws::tool
