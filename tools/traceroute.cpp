// `wirestack traceroute`: Linux traceroute's UDP method and output on the journey's simulated
// internet, from the client through its NAT router to every hop on the way.
#include "wirestack/application/traceroute.h"

#include <cstdio>
#include <string>

#include "command.h"
#include "internet_session.h"
#include "options.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack traceroute NAME|ADDRESS [--max-hops N] [--queries N] [--seed N]\n"
    "                            [--pcap-dir DIR] [--events FILE]\n"
    "\n"
    "Traces the route from the client (192.168.0.10) of the journey's simulated internet to\n"
    "NAME (looked up through the client's resolver) or ADDRESS, on virtual time: UDP probes to\n"
    "ports 33434 and up, with TTL 1, 2, 3, ...; each router whose TTL runs out answers ICMP\n"
    "time exceeded, the destination answers port unreachable.\n"
    "\n"
    "  --max-hops N    the largest TTL tried (default 30)\n"
    "  --queries N     probes per hop (default 3)\n"
    "  --seed N        seed for every random choice (default 1): same seed, same run\n"
    "  --pcap-dir DIR  write one pcap per link into DIR\n"
    "  --events FILE   write every event as JSON Lines to FILE\n"
    "\n"
    "Exit status: 0 the destination answered, 1 it did not, 2 bad usage, unknown name or\n"
    "output file.\n";

constexpr OptionSpec kOptions[] = {
    {"--max-hops", true}, {"--queries", true}, {"--seed", true},
    {"--pcap-dir", true}, {"--events", true},
};

int traceroute(const ParsedOptions& options) {
  if (options.positional().size() != 1) throw UsageError("one NAME or ADDRESS is needed");
  const std::string target(options.positional()[0]);
  TracerouteConfig config;
  config.max_hops = static_cast<int>(options.uint_or("--max-hops", 30, 1, 255));
  config.queries = static_cast<int>(options.uint_or("--queries", 3, 1, 10));
  std::optional<dns::DnsName> name;
  if (auto a = Ipv4Address::parse(target)) {
    config.destination = *a;
  } else {
    auto parsed = dns::DnsName::from_text(target);
    if (!parsed) throw UsageError("'" + target + "' is not an address or a name");
    name = std::move(*parsed);
  }

  InternetSession session("traceroute", options);
  if (name) {
    const auto r = session.lookup(*name, dns::rr_type::kA);
    if (!r || r->addresses().empty()) {
      session.finish();
      throw UsageError(target + ": Name or service not known");
    }
    config.destination = r->addresses().front();
  }
  auto& net = session.net();
  Traceroute trace(net.client_udp(), config);
  std::printf("%s\n", trace.header_line(target).c_str());
  int printed = 0;
  auto& node = net.node(net.client());
  node.add_app(trace);
  node.set_after_poll([&](Instant) {
    for (; printed < trace.hops_finished(); ++printed) {
      std::printf("%s\n", trace.format_hop(printed + 1).c_str());
    }
  });
  // Bounded: every probe waited for in full.
  const Duration limit = config.wait * (config.max_hops * config.queries + 1);
  net.sim().run_while([&] { return !trace.done(); }, net.sim().now() + limit);
  node.set_after_poll(nullptr);
  session.finish();
  return trace.reached() ? 0 : 1;
}

}  // namespace

int run_traceroute(std::span<const std::string_view> args) {
  return run_with_usage_errors("traceroute", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return traceroute(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "traceroute",
    .summary =
        "trace the route hop by hop (UDP probes, like Linux traceroute) on the simulated internet",
    .run = run_traceroute,
    .help_rank = 30,
}};

}  // namespace ws::tool
