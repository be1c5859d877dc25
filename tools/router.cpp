// `wirestack router`: our router between two Linux taps, forwarding (and with --nat, NATing)
// real Linux traffic between two network namespaces until SIGINT/SIGTERM.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "options.h"
#include "realtime.h"
#include "wirestack/internet/nat.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack router --lan TAP --lan-addr A.B.C.D/N --wan TAP --wan-addr A.B.C.D/N\n"
    "                        [--nat] [--route NET via ADDR]... [--pcap-dir DIR]\n"
    "                        [--duration S] [--seed N] [--loss P%] [--verbose]\n"
    "\n"
    "Forwards IPv4 between two Linux taps (opened in this process's network namespace; they\n"
    "may be moved to other namespaces once open). With --nat, datagrams leaving by the wan tap\n"
    "take the wan address (NAPT, RFC 3022) and unsolicited inbound traffic is dropped. Prints\n"
    "forwarding events (NAT mappings, ICMP, drops); on SIGINT/SIGTERM its routes, NAT table\n"
    "(conntrack -L) and counters.\n"
    "\n"
    "  --lan TAP, --lan-addr A/N   the inside interface (eth0) and its address\n"
    "  --wan TAP, --wan-addr A/N   the outside interface (eth1) and its address\n"
    "  --nat                       masquerade what leaves by the wan interface\n"
    "  --route NET via ADDR        a static route (repeatable); 0.0.0.0/0 for a default\n"
    "  --pcap-dir DIR              capture each interface to DIR/lan.pcap and DIR/wan.pcap\n"
    "  --duration S                stop after S seconds\n";
constexpr const char* kUsageEnd =
    "\n"
    "Exit status: 0 stopped cleanly, 1 a tap or file could not be opened, 2 bad usage.\n";

constexpr OptionSpec kOwnOptions[] = {
    {"--lan", true},  {"--lan-addr", true}, {"--wan", true},      {"--wan-addr", true},
    {"--nat", false}, {"--pcap-dir", true}, {"--duration", true},
};

struct StaticRoute {
  Ipv4Cidr destination;
  Ipv4Address gateway;
};

// Takes every "--route NET via ADDR" out of `args` (ParsedOptions knows one value per option).
std::vector<StaticRoute> take_routes(std::vector<std::string_view>& args) {
  std::vector<StaticRoute> routes;
  for (std::size_t i = 0; i < args.size();) {
    if (args[i] != "--route") {
      ++i;
      continue;
    }
    if (i + 4 > args.size() || args[i + 2] != "via") throw UsageError("--route needs NET via ADDR");
    auto net = Ipv4Cidr::parse(args[i + 1]);
    if (!net)
      throw UsageError("--route '" + std::string(args[i + 1]) + "' is not a network A.B.C.D/N");
    routes.push_back({Ipv4Cidr(net->network(), net->prefix_len()),
                      address_option(args[i + 3], "--route gateway")});
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
               args.begin() + static_cast<std::ptrdiff_t>(i + 4));
  }
  return routes;
}

std::string tap_option(const ParsedOptions& options, std::string_view name) {
  std::string tap = options.string_or(name, "");
  if (tap.empty()) throw UsageError(std::string(name) + " TAP is required");
  return tap;
}

int router(const ParsedOptions& options, const std::vector<StaticRoute>& routes) {
  if (!options.positional().empty())
    throw UsageError("unexpected argument '" + std::string(options.positional()[0]) + "'");
  const std::string lan = tap_option(options, "--lan");
  const std::string wan = tap_option(options, "--wan");
  if (lan == wan) throw UsageError("--lan and --wan need different taps");
  const Ipv4Cidr lan_addr = cidr_option(options, "--lan-addr");
  const Ipv4Cidr wan_addr = cidr_option(options, "--wan-addr");
  std::optional<Duration> duration;
  if (options.has("--duration"))
    duration =
        Duration::seconds(static_cast<std::int64_t>(options.uint_or("--duration", 0, 1, 86400)));
  const std::string pcap_dir = options.string_or("--pcap-dir", "");

  HostConfig config;
  config.forwarding = true;
  RealtimeHost rt("router", options, config);
  rt.add_interface(lan, lan_addr, pcap_dir.empty() ? "" : pcap_dir + "/lan.pcap");
  rt.add_interface(wan, wan_addr, pcap_dir.empty() ? "" : pcap_dir + "/wan.pcap");
  for (const auto& r : routes) {
    if (!rt.host().add_route(r.destination, r.gateway)) {
      throw UsageError("--route gateway " + r.gateway.to_string() +
                       " is not on a connected subnet");
    }
  }
  std::optional<Nat> nat;
  if (options.has("--nat")) {
    NatConfig nat_config;
    nat_config.outside_ifindex = 2;
    nat.emplace(rt.host(), rt.rng(), nat_config);
    rt.node().add_app(*nat);
  }
  std::printf("router: lan %s on tap %s, wan %s on tap %s%s, seed %llu\n",
              lan_addr.to_string().c_str(), lan.c_str(), wan_addr.to_string().c_str(), wan.c_str(),
              nat ? ", NAT to the wan address" : "", static_cast<unsigned long long>(rt.seed()));
  std::fflush(stdout);

  const StopReason why = rt.run({.limit = duration, .done = {}});
  std::printf("\nstopped (%s)\nip route\n%s", to_string(why), rt.host().format_routes().c_str());
  if (nat) std::printf("conntrack -L\n%s", nat->format_conntrack(rt.now()).c_str());
  std::printf("%s", rt.format_counters().c_str());
  if (nat) {
    const NatCounters& c = nat->counters();
    std::printf(
        "Nat:\n    %llu mappings created\n    %llu expired\n    %llu translated out\n"
        "    %llu translated in\n    %llu unsolicited inbound dropped\n",
        static_cast<unsigned long long>(c.created), static_cast<unsigned long long>(c.expired),
        static_cast<unsigned long long>(c.translated_out),
        static_cast<unsigned long long>(c.translated_in),
        static_cast<unsigned long long>(c.unsolicited));
  }
  return 0;
}

int run_router(std::span<const std::string_view> args) {
  return run_realtime_command("router", [&] {
    std::vector<std::string_view> rest(args.begin(), args.end());
    const std::vector<StaticRoute> routes = take_routes(rest);
    return run_realtime_options(
        rest, kOwnOptions, kUsage, kUsageEnd,
        [&](const ParsedOptions& options) { return router(options, routes); });
  });
}

}  // namespace

const CommandRegistration kRegistration{{
    .name = "router",
    .summary = "our router (with --nat, NAT) between two Linux taps (real network)",
    .run = run_router,
    .help_rank = 70,
}};

}  // namespace ws::tool
