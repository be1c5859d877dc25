#include "internet_session.h"

namespace ws::tool {
namespace {

sim::InternetOptions internet_options(const ParsedOptions& options) {
  sim::InternetOptions o;
  o.seed = options.uint_or("--seed", 1, 0, UINT64_MAX);
  return o;
}

// dig's defaults: +time=5 +tries=3.
constexpr Duration kDigTimeout = Duration::seconds(5);
constexpr int kDigTries = 3;

}  // namespace

InternetSession::InternetSession(const char* command, const ParsedOptions& options)
    : outputs_(command, options), net_(internet_options(options)) {
  outputs_.attach(net_.sim(), sinks_);
  net_.set_event_sink(&sinks_);
}

EventFanout& InternetSession::fanout_with(EventSink& also) {
  EventFanout& f = fanouts_.emplace_back();
  f.add(&sinks_);
  f.add(&also);
  return f;
}

dns::StubResolver& InternetSession::add_stub(Ipv4Address server, EventSink& also) {
  auto& stub = *stubs_.emplace_back(std::make_unique<dns::StubResolver>(
      dns::StubResolver::Config{
          .servers = {server}, .timeout = kDigTimeout, .attempts = kDigTries, .cache_entries = 0},
      net_.topology().rng().fork()));
  stub.set_event_sink(&fanout_with(also), net_.client().name());
  auto& binding =
      *stub_bindings_.emplace_back(std::make_unique<dns::StubUdpBinding>(net_.client_udp(), stub));
  net_.node(net_.client()).add_app(binding);
  return stub;
}

dns::RecursiveResolver& InternetSession::add_iterative_resolver(EventSink& also) {
  auto& resolver = *resolvers_.emplace_back(std::make_unique<dns::RecursiveResolver>(
      dns::RecursiveResolver::Config{.root_hints = sim::InternetDns::root_hints()},
      net_.topology().rng().fork()));
  resolver.set_event_sink(&fanout_with(also), net_.client().name());
  auto& binding = *resolver_bindings_.emplace_back(
      std::make_unique<dns::RecursiveUdpResolver>(net_.client_udp(), resolver));
  net_.node(net_.client()).add_app(binding);
  return resolver;
}

std::optional<dns::Resolution> InternetSession::run_lookup(
    const std::function<void(Instant, dns::ResolveCallback)>& start, Duration limit) {
  std::optional<dns::Resolution> result;
  auto& sim = net_.sim();
  start(sim.now(), [&](const dns::Resolution& r) { result = r; });
  sim.run_while([&] { return !result; }, sim.now() + limit);
  return result;
}

std::optional<dns::Resolution> InternetSession::lookup(const dns::DnsName& name,
                                                       std::uint16_t type) {
  return run_lookup(
      [&](Instant now, dns::ResolveCallback done) {
        net_.dns().client_stub().lookup(name, type, now, std::move(done));
      },
      Duration::seconds(30));
}

}  // namespace ws::tool
