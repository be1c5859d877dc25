// Two hosts on a simulated LAN: a client (10.0.0.1) and a web server (10.0.0.2, port 80), each
// with its own TCP, for HTTP scenario tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/raw_client.h"
#include "wirestack/application/http/client.h"
#include "wirestack/application/http/server.h"
#include "wirestack/sim/topology.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::http {

inline constexpr Ipv4Address kClientIp = Ipv4Address::of(10, 0, 0, 1);
inline constexpr Ipv4Address kServerIp = Ipv4Address::of(10, 0, 0, 2);

struct WebNet {
  explicit WebNet(std::uint64_t seed, ServerConfig server_config = {},
                  ClientConfig client_config = {}, tcp::Config tcp_config = {},
                  const FaultConfig* faults = nullptr)
      : topo(seed),
        client_host(topo.add_host("client", false)),
        server_host(topo.add_host("server", false)),
        client_tcp(client_host, topo.rng(), tcp_config),
        server_tcp(server_host, topo.rng(), tcp_config),
        server(server_tcp, std::move(server_config)),
        client(client_tcp, std::move(client_config)) {
    topo.connect(client_host, "10.0.0.1/24", server_host, "10.0.0.2/24", "lan", sim::lan_link(),
                 faults);
    topo.node(client_host).add_app(client_tcp);
    topo.node(client_host).add_app(client);
    topo.node(server_host).add_app(server_tcp);
    topo.node(server_host).add_app(server);
    topo.node(client_host).add_app(raw);
  }

  Instant now() { return topo.sim().now(); }

  // Sends `bytes` on a new connection and returns what the server sent until it closed.
  std::string exchange_raw(std::string bytes, Duration limit = Duration::seconds(30)) {
    raw.received.clear();
    raw.eof = false;
    raw.sent = 0;
    raw.connect(now(), kServerIp, std::move(bytes));
    topo.sim().run_while([&] { return !raw.eof; }, now() + limit);
    return raw.received;
  }

  // GET (or `method`) `target` from the server and run until the answer is in.
  ClientResponse fetch(std::string target, std::string method = "GET", bool close = false,
                       Duration limit = Duration::seconds(60)) {
    ClientRequest request;
    request.method = std::move(method);
    request.address = kServerIp;
    request.host = "www.example.test";
    request.target = std::move(target);
    request.close = close;
    std::optional<ClientResponse> got;
    client.fetch(now(), std::move(request), [&](const ClientResponse& r) { got = r; });
    topo.sim().run_while([&] { return !got; }, now() + limit);
    if (got) return *got;
    ClientResponse none;
    none.error = ClientError::kTimedOut;
    return none;
  }

  sim::Topology topo;
  Host& client_host;
  Host& server_host;
  tcp::Layer client_tcp;
  tcp::Layer server_tcp;
  Server server;
  Client client;
  RawClient raw{client_tcp};
};

}  // namespace ws::http
