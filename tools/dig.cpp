// `wirestack dig`: dig's queries and output on the journey's simulated internet. By default it
// asks the client's configured resolver (the ISP's, 203.0.113.66), which walks root -> com. ->
// google.com.; +trace walks there from the client itself, printing each referral. With --tap it
// asks a real server instead, from a wirestack host on a Linux tap.
#include "wirestack/application/dns/dig.h"

#include <cstdio>
#include <string>

#include "command.h"
#include "internet_session.h"
#include "options.h"
#include "realtime.h"
#include "wirestack/application/dns/udp_binding.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack dig NAME [TYPE] [@SERVER] [+trace] [--seed N] [--pcap-dir DIR]\n"
    "                     [--events FILE]\n"
    "       wirestack dig NAME [TYPE] [@SERVER] --tap TAP --addr A.B.C.D/N [--gw ADDR]\n"
    "                     [--dns ADDR] [--pcap FILE] [--seed N] [--loss P%] [--verbose]\n"
    "\n"
    "Looks NAME up from the client (192.168.0.10) of the journey's simulated internet, on\n"
    "virtual time, and prints the response as dig does:\n"
    "\n"
    "  client ── home-router (NAT) ══ isp-router ══ backbones ══ google-edge ── google lan\n"
    "                                  isp-resolver 203.0.113.66    root-dns 198.51.100.130\n"
    "                                                               com-dns  198.51.100.131\n"
    "                                                google-dns 192.0.2.53, www 192.0.2.100\n"
    "\n"
    "  TYPE            A (default), AAAA, NS, SOA, CNAME, TXT, PTR, ...\n"
    "  @SERVER         the server to ask, an address or a name (default: the client's\n"
    "                  configured resolver, 203.0.113.66)\n"
    "  +trace          resolve iteratively from the root servers, showing each referral\n"
    "  --seed N        seed for every random choice (default 1): same seed, same run\n"
    "  --pcap-dir DIR  write one pcap per link into DIR\n"
    "  --events FILE   write every event as JSON Lines to FILE\n"
    "\n"
    "With --tap, the query leaves a wirestack host brought up on the Linux tap TAP (opened in\n"
    "this process's network namespace) with address --addr, for @SERVER or --dns ADDR (an\n"
    "address), and dig's output shows the real server's answer; events go to stderr.\n"
    "\n"
    "Names known to the zones: www.google.com, google.com, ns1.google.com,\n"
    "a.root-servers.net, a.gtld-servers.net (others are NXDOMAIN).\n"
    "\n"
    "Exit status: 0 a response came, 9 no server answered, 2 bad usage or output file.\n";

constexpr OptionSpec kOptions[] = {
    {"--seed", true},    {"--pcap-dir", true}, {"--events", true}, {"--loss", true},
    {"--reorder", true}, {"--verbose", false}, {"--tap", true},    {"--addr", true},
    {"--gw", true},      {"--dns", true},      {"--pcap", true},
};

constexpr Duration kLimit = Duration::seconds(60);
constexpr int kNoReply = 9;  // dig's exit status when no server answered

struct DigRequest {
  dns::DnsName name;
  std::uint16_t type = dns::rr_type::kA;
  std::string server;  // empty: the client's configured resolver
  bool trace = false;
  std::string args;  // as typed, for the banner
};

DigRequest parse_request(const std::vector<std::string_view>& words) {
  DigRequest r;
  bool have_name = false;
  bool have_type = false;
  for (const std::string_view w : words) {
    r.args += (r.args.empty() ? "" : " ") + std::string(w);
    if (w.starts_with("@")) {
      if (w.size() == 1) throw UsageError("'@' needs a server");
      r.server = std::string(w.substr(1));
    } else if (w == "+trace") {
      r.trace = true;
    } else if (w.starts_with("+")) {
      throw UsageError("unknown query option '" + std::string(w) + "'");
    } else if (const auto type = dns::type_from_name(w); type && have_name && !have_type) {
      r.type = *type;
      have_type = true;
    } else if (!have_name) {
      auto name = dns::DnsName::from_text(w);
      if (!name) throw UsageError("'" + std::string(w) + "' is not a domain name");
      r.name = std::move(*name);
      have_name = true;
    } else {
      throw UsageError("unexpected '" + std::string(w) + "' (NAME [TYPE] [@SERVER] [+trace])");
    }
  }
  if (!have_name) throw UsageError("a NAME to look up is needed");
  return r;
}

// @SERVER as an address; a name is looked up through the client's resolver first, as dig does.
std::optional<Ipv4Address> server_address(InternetSession& session, const std::string& server) {
  if (server.empty()) return sim::InternetTopology::kResolver;
  if (auto a = Ipv4Address::parse(server)) return *a;
  const auto name = dns::DnsName::from_text(server);
  if (!name) throw UsageError("'" + server + "' is not a server address or name");
  const auto r = session.lookup(*name, dns::rr_type::kA);
  if (!r || r->addresses().empty()) return std::nullopt;
  return r->addresses().front();
}

int query(InternetSession& session, const DigRequest& req, Ipv4Address server) {
  dns::DigRecorder recorder;
  dns::StubResolver& stub = session.add_stub(server, recorder);
  const auto r = session.run_lookup(
      [&](Instant now, dns::ResolveCallback done) {
        stub.lookup(req.name, req.type, now, std::move(done));
      },
      kLimit);
  const auto exchanges = r ? recorder.exchanges(*r) : std::vector<dns::DigExchange>{};
  if (exchanges.empty()) {
    std::fputs(dns::format_dig_no_reply(server).c_str(), stdout);
    return kNoReply;
  }
  dns::DigExchange last = exchanges.back();
  if (!req.server.empty() && !Ipv4Address::parse(req.server)) last.server_name = req.server;
  std::fputs(dns::format_dig_answer(last).c_str(), stdout);
  return 0;
}

// dig +trace: the root's NS from the configured resolver, then each step from the root down.
int trace(InternetSession& session, const DigRequest& req, Ipv4Address server) {
  dns::DigRecorder roots;
  dns::StubResolver& stub = session.add_stub(server, roots);
  const auto r = session.run_lookup(
      [&](Instant now, dns::ResolveCallback done) {
        stub.lookup(dns::DnsName::root(), dns::rr_type::kNs, now, std::move(done));
      },
      kLimit);
  const auto first = r ? roots.exchanges(*r) : std::vector<dns::DigExchange>{};
  if (first.empty()) {
    std::fputs(dns::format_dig_no_reply(server).c_str(), stdout);
    return kNoReply;
  }
  std::fputs(dns::format_dig_trace_step(first.back()).c_str(), stdout);

  dns::DigRecorder steps;
  dns::RecursiveResolver& resolver = session.add_iterative_resolver(steps);
  const auto walked = session.run_lookup(
      [&](Instant now, dns::ResolveCallback done) {
        resolver.resolve(dns::DnsQuestion{req.name, req.type, dns::kClassIn}, now, std::move(done));
      },
      kLimit);
  if (!walked) return kNoReply;
  auto exchanges = steps.exchanges(*walked);
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    if (i == 0)
      exchanges[i].server_name = std::string(sim::InternetDns::kRootServerName, 0,
                                             sim::InternetDns::kRootServerName.size() - 1);
    std::fputs(dns::format_dig_trace_step(exchanges[i]).c_str(), stdout);
  }
  return exchanges.empty() ? kNoReply : 0;
}

// The query from a wirestack host on a tap to a real server; dig's exit codes.
int dig_on_tap(const ParsedOptions& options, const DigRequest& req) {
  if (req.trace) throw UsageError("+trace is for the simulated internet (not with --tap)");
  for (const char* sim_only : {"--pcap-dir", "--events"}) {
    if (options.has(sim_only))
      throw UsageError(std::string(sim_only) +
                       " is for the simulated internet; use --pcap with --tap");
  }
  const std::string server_text = !req.server.empty() ? req.server : options.string_or("--dns", "");
  if (server_text.empty()) throw UsageError("--tap needs @SERVER or --dns ADDR");
  const Ipv4Address server = address_option(server_text, "server");
  const Ipv4Cidr addr = cidr_option(options, "--addr");

  RealtimeHost rt("wirestack", options, {}, stderr);
  rt.add_interface(std::string(*options.value("--tap")), addr, options.string_or("--pcap", ""));
  if (auto gw = options.value("--gw")) rt.add_default_route(address_option(*gw, "--gw"));
  UdpLayer udp(rt.host(), rt.rng());
  dns::StubResolver stub({.servers = {server},
                          .timeout = Duration::seconds(5),
                          .attempts = 3,
                          .cache_entries = 0,
                          .max_lookups = 1},
                         rt.rng().fork());
  dns::DigRecorder recorder;
  EventFanout sinks;
  sinks.add(&rt.sinks());
  sinks.add(&recorder);
  stub.set_event_sink(&sinks, rt.host().name());
  dns::StubUdpBinding binding(udp, stub);
  rt.node().add_app(binding);

  std::fputs(dns::format_dig_banner(req.args).c_str(), stdout);
  std::optional<dns::Resolution> result;
  stub.lookup(req.name, req.type, rt.now(), [&](const dns::Resolution& r) { result = r; });
  rt.run({.limit = kLimit, .done = [&] { return result.has_value(); }});
  const auto exchanges = result ? recorder.exchanges(*result) : std::vector<dns::DigExchange>{};
  if (exchanges.empty()) {
    std::fputs(dns::format_dig_no_reply(server).c_str(), stdout);
    return kNoReply;
  }
  std::fputs(dns::format_dig_answer(exchanges.back()).c_str(), stdout);
  return 0;
}

int dig(const ParsedOptions& options) {
  const DigRequest req = parse_request(options.positional());
  if (options.has("--tap")) return dig_on_tap(options, req);
  for (const char* tap_only :
       {"--addr", "--gw", "--dns", "--pcap", "--loss", "--reorder", "--verbose"}) {
    if (options.has(tap_only)) throw UsageError(std::string(tap_only) + " needs --tap");
  }
  InternetSession session("dig", options);
  std::fputs(dns::format_dig_banner(req.args).c_str(), stdout);
  const auto server = server_address(session, req.server);
  int status = kNoReply;
  if (!server) {
    std::printf(";; couldn't get address for '%s': not found\n", req.server.c_str());
  } else {
    status = req.trace ? trace(session, req, *server) : query(session, req, *server);
  }
  session.finish();
  return status;
}

}  // namespace

int run_dig(std::span<const std::string_view> args) {
  return run_realtime_command("dig", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return dig(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "dig",
    .summary = "DNS lookup like dig (+trace too) on the journey's simulated internet",
    .run = run_dig,
    .help_rank = 20,
}};

}  // namespace ws::tool
