// `wirestack ping`: Linux ping's behaviour and output, across the built-in simulated topology,
// with every frame shown at every hop.
#include <cstdio>
#include <memory>
#include <string>

#include "command.h"
#include "options.h"
#include "output_files.h"
#include "wirestack/internet/ping_client.h"
#include "wirestack/sim/ping_topology.h"
#include "wirestack/trace/text_renderer.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack ping [ADDRESS] [--count N] [--ttl N] [--size N] [--seed N] [--loss P%]\n"
    "                      [--pcap-dir DIR] [--events FILE] [--quiet]\n"
    "\n"
    "Pings ADDRESS (default: the server, 203.0.113.10) from the client of the built-in\n"
    "simulated topology, on virtual time:\n"
    "\n"
    "  client ── lan switch ── r1 ══ wan ══ r2 ── dc ── server\n"
    "  192.168.1.10        .1  198.51.100.1/.2  203.0.113.1  203.0.113.10\n"
    "\n"
    "Prints each frame as it leaves each node (tcpdump style), ping's own lines and summary,\n"
    "then every node's ARP table (ip neigh) and routing table (ip route).\n"
    "\n"
    "  --count N       echo requests to send (default 4)\n"
    "  --ttl N         IP time to live of the requests (default 64)\n"
    "  --size N        ICMP payload bytes (default 56)\n"
    "  --seed N        seed for every random choice (default 1): same seed, same run\n"
    "  --loss P%       frames lost on the wan link, each direction (e.g. 5%)\n"
    "  --pcap-dir DIR  write one pcap per link into DIR\n"
    "  --events FILE   write every event as JSON Lines to FILE\n"
    "  --quiet         no per-frame lines\n"
    "\n"
    "Exit status: 0 some reply came back, 1 none did, 2 bad usage or output file.\n";

constexpr OptionSpec kOptions[] = {
    {"--count", true}, {"--ttl", true},      {"--size", true},   {"--seed", true},
    {"--loss", true},  {"--pcap-dir", true}, {"--events", true}, {"--quiet", false},
};

int ping(const ParsedOptions& options) {
  if (options.positional().size() > 1) throw UsageError("one ADDRESS only");
  Ipv4Address target = sim::PingTopology::kServer;
  if (!options.positional().empty()) {
    auto parsed = Ipv4Address::parse(options.positional()[0]);
    if (!parsed)
      throw UsageError("'" + std::string(options.positional()[0]) + "' is not an IPv4 address");
    target = *parsed;
  }
  sim::PingTopologyOptions topo_options;
  topo_options.seed = options.uint_or("--seed", 1, 0, UINT64_MAX);
  topo_options.wan_faults.loss = options.percent_or("--loss", 0);

  PingConfig config;
  config.dst = target;
  config.count = static_cast<std::uint32_t>(options.uint_or("--count", 4, 1, 100000));
  config.ttl = static_cast<std::uint8_t>(options.uint_or("--ttl", 64, 1, 255));
  config.payload_size = options.uint_or("--size", 56, 0, 65507);

  OutputFiles outputs("ping", options);
  sim::PingTopology topo(topo_options);
  TextRenderer terminal(stdout, {.filter = TextRenderer::Filter::kSentFramesAndDrops,
                                 .colour = colour_wanted(stdout)});
  EventFanout sinks;
  if (!options.has("--quiet")) sinks.add(&terminal);
  outputs.attach(topo.sim(), sinks);
  topo.set_event_sink(&sinks);

  PingClient client(topo.client(), config);
  std::printf("%s\n", client.header_line().c_str());
  std::size_t printed = 0;
  topo.client_node().add_app(client);
  topo.client_node().set_after_poll([&](Instant) {
    for (; printed < client.records().size(); ++printed) {
      std::printf("%s\n", client.format(client.records()[printed]).c_str());
    }
  });

  // Generous bound: every request plus its wait, on virtual time.
  const Instant deadline =
      topo.sim().now() + config.interval * config.count + config.linger + Duration::seconds(1);
  topo.sim().run_while([&] { return !client.done(); }, deadline);
  std::printf("\n%s", client.summary().c_str());

  for (const auto& host : topo.hosts()) {
    std::printf("\n%s: ip neigh\n%s", host->name().c_str(), host->format_neighbours().c_str());
    std::printf("%s: ip route\n%s", host->name().c_str(), host->format_routes().c_str());
  }
  outputs.finish(topo.sim());
  return client.stats().received > 0 ? 0 : 1;
}

}  // namespace

int run_ping(std::span<const std::string_view> args) {
  return run_with_usage_errors("ping", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return ping(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "ping",
    .summary = "ping across the built-in simulated topology (client-switch-r1-r2-server)",
    .run = run_ping,
    .help_rank = 10,
}};

}  // namespace ws::tool
