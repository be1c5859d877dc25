// The journey's applications: the browser on the client (look the host up, then GET the path
// with the HTTP client: connect to port 80, request, read the page, close first) and the web
// server on www serving the built-in home page, each on its host's TCP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wirestack/application/http/client.h"
#include "wirestack/application/http/server.h"
#include "wirestack/base/rng.h"
#include "wirestack/sim/internet_topology.h"
#include "wirestack/sim/journey.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::sim {

class JourneyApps {
 public:
  JourneyApps(InternetTopology& net, JourneyUrl url);
  ~JourneyApps();
  JourneyApps(const JourneyApps&) = delete;
  JourneyApps& operator=(const JourneyApps&) = delete;

  // Where TCP and HTTP report.
  void set_event_sink(EventSink* sink);
  // A browser visit from the start (a second call is a second visit, caches and all).
  void visit(Instant now);

  // The browser socket's ephemeral port, once it connected (0 before).
  std::uint16_t browser_port() const;
  const std::string& error() const { return error_; }
  // What the browser learnt: the address, the status, the response and its body.
  void fill(JourneyResult& result) const;
  // The TCP layer of `host`, when it has one.
  const tcp::Layer* tcp_of(const Host& host) const;

 private:
  void fetch(Instant now, Ipv4Address address);

  InternetTopology& net_;
  JourneyUrl url_;
  Rng client_rng_;
  Rng server_rng_;
  tcp::Layer client_tcp_;
  tcp::Layer server_tcp_;
  http::Client browser_;
  http::Server server_;

  std::optional<Ipv4Address> address_;
  std::optional<http::ClientResponse> response_;
  std::string error_;
};

}  // namespace ws::sim
