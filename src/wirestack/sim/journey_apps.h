// The journey's applications: the browser on the client (look the host up, connect to port
// 80, GET the path, read the page, close) and the web server on www, each on its host's TCP.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

  // Where the TCP layers report.
  void set_event_sink(EventSink* sink);
  // A browser visit from the start (a second call is a second visit, caches and all).
  void visit(Instant now);

  std::uint16_t browser_port() const { return port_; }
  const std::string& error() const { return error_; }
  // What the browser learnt: the address, the status, the response and its body.
  void fill(JourneyResult& result) const;
  // The TCP layer of `host`, when it has one.
  const tcp::Layer* tcp_of(const Host& host) const;

  // Driven by the client's and the server's simulation nodes.
  void poll_browser(Instant now);
  void poll_server(Instant now);

 private:
  enum class Stage : std::uint8_t { kIdle, kResolving, kConnecting, kReading, kDone };
  // An application as the simulation node sees it (the TCP layers' timers do the waking).
  struct Driver {
    JourneyApps* apps;
    void (JourneyApps::*poll_fn)(Instant);
    void poll(Instant now) { (apps->*poll_fn)(now); }
    std::optional<Instant> poll_at() const { return std::nullopt; }
  };
  struct Served {
    tcp::SocketId socket;
    std::string request;
    bool answered = false;
  };
  void connect(Instant now, Ipv4Address address);
  void read_response(Instant now);

  InternetTopology& net_;
  JourneyUrl url_;
  Rng client_rng_;
  Rng server_rng_;
  tcp::Layer client_tcp_;
  tcp::Layer server_tcp_;
  std::optional<tcp::SocketId> listener_;
  std::vector<Served> served_;

  Stage stage_ = Stage::kIdle;
  std::optional<tcp::SocketId> socket_;
  std::uint16_t port_ = 0;
  std::optional<Ipv4Address> address_;
  std::string received_;
  std::string error_;

  Driver browser_driver_{this, &JourneyApps::poll_browser};
  Driver server_driver_{this, &JourneyApps::poll_server};
};

}  // namespace ws::sim
