// `wirestack fetch`: an HTTP GET from a wirestack host on a Linux tap, like `curl -o`: the name
// is resolved through --dns with our stub resolver, the body streams to a file or stdout.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "options.h"
#include "realtime.h"
#include "wirestack/application/dns/stub_resolver.h"
#include "wirestack/application/dns/udp_binding.h"
#include "wirestack/application/http/client.h"
#include "wirestack/application/http/url.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack fetch URL --tap NAME --addr A.B.C.D/N [--gw ADDR] [--dns ADDR]\n"
    "                       [-o FILE] [--timeout S] [--pcap FILE] [--no-offload] [--seed N]\n"
    "                       [--loss P%] [--reorder P%] [--verbose]\n"
    "\n"
    "Brings a wirestack host up on the Linux tap NAME (opened in this process's network\n"
    "namespace), GETs URL (http://host[:port]/path) with our HTTP client over our TCP, and\n"
    "writes the body to FILE (or stdout). A host name is resolved through --dns with our stub\n"
    "resolver. Events and the status line go to stderr.\n"
    "\n"
    "  --tap NAME     the tap interface to attach to\n"
    "  --addr A/N     this host's address and prefix, e.g. 10.200.0.2/24\n"
    "  --gw ADDR      default gateway (on the --addr subnet)\n"
    "  --dns ADDR     DNS server for a host name in URL\n"
    "  -o FILE        write the body to FILE instead of stdout\n"
    "  --timeout S    give up after S seconds (default 30)\n"
    "  --pcap FILE    capture every frame in and out of the tap\n"
    "  --no-offload   take frames at wire size (no TSO or checksum offload from the kernel)\n";
constexpr const char* kUsageEnd =
    "\n"
    "Exit status: 0 a 2xx/3xx response, 1 an error response or failure, 2 bad usage.\n";

constexpr OptionSpec kOwnOptions[] = {
    {"--tap", true}, {"--addr", true}, {"--gw", true},          {"--dns", true},
    {"-o", true},    {"--pcap", true}, {"--no-offload", false}, {"--timeout", true},
};

// A resolver on the node for the rest of the run (the node keeps references to its apps).
struct Resolver {
  Resolver(UdpLayer& udp, Ipv4Address server, Rng rng)
      : stub(config_for(server), rng), binding(udp, stub) {}
  static dns::StubResolver::Config config_for(Ipv4Address server) {
    dns::StubResolver::Config config;
    config.servers = {server};
    config.timeout = Duration::seconds(2);  // glibc's resolv.conf defaults are 5 s, 2 attempts
    config.attempts = 3;
    return config;
  }
  dns::StubResolver stub;
  dns::StubUdpBinding binding;
};

// The A record of `name` through `resolver`, or a RuntimeFailure.
Ipv4Address resolve(RealtimeHost& rt, Resolver& resolver, const std::string& name, Duration limit) {
  auto qname = dns::DnsName::from_text(name);
  if (!qname) throw UsageError("'" + name + "' is not a host name");
  resolver.stub.set_event_sink(&rt.sinks(), rt.host().name());
  rt.node().add_app(resolver.binding);
  std::optional<dns::Resolution> result;
  resolver.stub.lookup(*qname, dns::rr_type::kA, rt.now(),
                       [&](const dns::Resolution& r) { result = r; });
  rt.run({.limit = limit, .done = [&] { return result.has_value(); }});
  const std::string server = resolver.stub.servers().front().to_string();
  if (!result) throw RuntimeFailure("no answer for " + name + " from " + server);
  const auto addresses = result->addresses();
  if (addresses.empty()) {
    throw RuntimeFailure(name + ": no address from " + server + " (rcode " +
                         std::to_string(result->rcode) + ")");
  }
  return addresses.front();
}

int fetch(const ParsedOptions& options) {
  if (options.positional().size() != 1) throw UsageError("one URL is required");
  const std::string text(options.positional()[0]);
  const auto url = http::parse_url(text);
  if (!url) throw UsageError("'" + text + "' is not an http:// URL");
  const std::string tap = options.string_or("--tap", "");
  if (tap.empty()) throw UsageError("--tap NAME is required");
  const Ipv4Cidr addr = cidr_option(options, "--addr");
  const Duration limit =
      Duration::seconds(static_cast<std::int64_t>(options.uint_or("--timeout", 30, 1, 3600)));
  std::optional<Ipv4Address> server = Ipv4Address::parse(url->host);
  if (!server && !options.has("--dns"))
    throw UsageError("--dns ADDR is needed to resolve '" + url->host + "'");

  std::FILE* out = stdout;
  const std::string out_path = options.string_or("-o", "");
  if (!out_path.empty()) {
    out = std::fopen(out_path.c_str(), "wb");
    if (!out) throw UsageError("cannot write '" + out_path + "'");
  }
  RealtimeHost rt("wirestack", options, {}, stderr);
  rt.add_interface(tap, addr, options.string_or("--pcap", ""), !options.has("--no-offload"));
  if (auto gw = options.value("--gw")) rt.add_default_route(address_option(*gw, "--gw"));
  tcp::Layer tcp(rt.host(), rt.rng(), realtime_tcp_config());
  tcp.set_event_sink(&rt.sinks());
  UdpLayer udp(rt.host(), rt.rng());
  rt.node().add_app(tcp);

  std::optional<Resolver> resolver;
  if (!server) {
    resolver.emplace(udp, address_option(*options.value("--dns"), "--dns"), rt.rng().fork());
    server = resolve(rt, *resolver, url->host, limit);
    std::fprintf(stderr, "%s is %s\n", url->host.c_str(), server->to_string().c_str());
  }
  http::ClientConfig config;
  config.timeout = limit;
  http::Client web(tcp, config);
  web.set_event_sink(&rt.sinks(), rt.host().name());
  rt.node().add_app(web);
  http::ClientRequest request;
  request.address = *server;
  request.port = url->port;
  request.host = url->authority();
  request.target = url->target;
  std::optional<http::ClientResponse> response;
  bool write_failed = false;
  web.fetch(
      rt.now(), request, [&](const http::ClientResponse& r) { response = r; },
      [&](Bytes chunk) {
        write_failed |= std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size();
      });
  const StopReason why =
      rt.run({.limit = limit + Duration::seconds(1), .done = [&] { return response.has_value(); }});
  // A moment for our FIN and the server's to cross, so neither side is left half-open.
  rt.run({.limit = Duration::millis(200), .done = {}});
  if (out != stdout) std::fclose(out);

  if (!response) {
    std::fprintf(stderr, "wirestack fetch: no response (%s)\n", to_string(why));
    return 1;
  }
  if (!response->ok()) {
    std::fprintf(stderr, "wirestack fetch: %s (tcp: %s)\n", http::to_string(response->error),
                 tcp::to_string(response->tcp_error));
    return 1;
  }
  std::fprintf(stderr, "HTTP %u %s, %llu bytes%s\n", response->head.status,
               response->head.reason.c_str(),
               static_cast<unsigned long long>(response->content_bytes),
               out_path.empty() ? "" : (" to " + out_path).c_str());
  if (write_failed) throw RuntimeFailure("writing '" + out_path + "' failed");
  return response->head.status < 400 ? 0 : 1;
}

int run_fetch(std::span<const std::string_view> args) {
  return run_realtime_command("fetch", [&] {
    return run_realtime_options(args, kOwnOptions, kUsage, kUsageEnd,
                                [](const ParsedOptions& options) { return fetch(options); });
  });
}

}  // namespace

const CommandRegistration kRegistration{{
    .name = "fetch",
    .summary = "HTTP GET from a wirestack host on a Linux tap, like curl -o (real network)",
    .run = run_fetch,
    .help_rank = 50,
}};

}  // namespace ws::tool
