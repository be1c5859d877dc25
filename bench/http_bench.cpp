// HTTP: small keep-alive requests served per wall-clock second on the simulator (client and
// server on two hosts, the whole stack on both), and the parsers' throughput.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "wirestack/application/http/builtin_pages.h"
#include "wirestack/application/http/client.h"
#include "wirestack/application/http/request_parser.h"
#include "wirestack/application/http/response_parser.h"
#include "wirestack/application/http/server.h"
#include "wirestack/sim/topology.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::http {
namespace {

constexpr Ipv4Address kServerIp = Ipv4Address::of(10, 0, 0, 2);

// `range(0)` keep-alive connections, each sending its next GET as soon as the last answer is
// in, beside `range(1)` connections that stay open and say nothing (a server's idle keep-alive
// clients: they must not slow the busy ones); the figure is responses per second of the
// benchmark's (single-threaded) CPU time, which is its wall time on an otherwise idle machine.
void BM_KeepAliveRequestsOnSimulator(benchmark::State& state) {
  sim::Topology topo(1);
  Host& client_host = topo.add_host("client", false);
  Host& server_host = topo.add_host("server", false);
  tcp::Config tcp_config;
  tcp_config.nodelay = true;  // small requests and answers go out at once
  tcp::Layer client_tcp(client_host, topo.rng(), tcp_config);
  tcp::Layer server_tcp(server_host, topo.rng(), tcp_config);
  Server server(server_tcp);
  server.site().add_page("/", "text/plain", "hello, world\n");
  (void)server.start();
  ClientConfig client_config;
  client_config.reuse_connections = true;
  Client client(client_tcp, client_config);
  topo.connect(client_host, "10.0.0.1/24", server_host, "10.0.0.2/24", "lan", sim::lan_link());
  topo.node(client_host).add_app(client_tcp);
  topo.node(client_host).add_app(client);
  topo.node(server_host).add_app(server_tcp);
  topo.node(server_host).add_app(server);

  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::function<void(const ClientResponse&)> again = [&](const ClientResponse& r) {
    ++done;
    failed += r.ok() && r.head.status == 200 ? 0 : 1;
    client.get(topo.sim().now(), kServerIp, "www.example.test", "/", again);
  };
  for (std::int64_t i = 0; i < state.range(1); ++i) {
    (void)client_tcp.connect(topo.sim().now(), kServerIp, 80);
  }
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    client.get(topo.sim().now(), kServerIp, "www.example.test", "/", again);
  }
  topo.sim().run_for(Duration::seconds(1));  // connections up and warm
  const std::uint64_t before = done;
  for (auto _ : state) {
    const std::uint64_t target = done + 1000;
    topo.sim().run_while([&] { return done < target; }, topo.sim().now() + Duration::seconds(600));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(done - before));
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["connections"] = static_cast<double>(server.counters().connections_accepted);
}
BENCHMARK(BM_KeepAliveRequestsOnSimulator)
    ->Args({1, 0})
    ->Args({16, 0})
    ->Args({1, 1000})
    ->ArgNames({"busy", "idle"})
    ->Unit(benchmark::kMillisecond);

constexpr std::string_view kBrowserRequest =
    "GET /search?q=wirestack&hl=en HTTP/1.1\r\n"
    "Host: www.google.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "Connection: keep-alive\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "\r\n";

Bytes bytes_of(std::string_view s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// A browser-like request parsed whole, the parser reused (as a server connection does).
void BM_RequestParser(benchmark::State& state) {
  RequestParser p;
  for (auto _ : state) {
    p.reset();
    Bytes in = bytes_of(kBrowserRequest);
    while (!in.empty() && !p.complete()) in = in.subspan(p.feed(in).consumed);
    benchmark::DoNotOptimize(p.head().headers.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBrowserRequest.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RequestParser);

// A response with a 1 KiB page: head and content.
void BM_ResponseParser(benchmark::State& state) {
  const std::string page(search_home_page());
  const std::string text =
      "HTTP/1.1 200 OK\r\nServer: wirestack\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Length: " +
      std::to_string(page.size()) + "\r\n\r\n" + page;
  ResponseParser p;
  for (auto _ : state) {
    p.reset();
    Bytes in = bytes_of(text);
    std::size_t content = 0;
    while (!in.empty() && !p.complete()) {
      const auto step = p.feed(in);
      in = in.subspan(step.consumed);
      content += step.content.size();
    }
    benchmark::DoNotOptimize(content);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ResponseParser);

}  // namespace
}  // namespace ws::http
