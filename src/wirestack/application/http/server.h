// An HTTP/1.1 server on a host's TCP: accepts connections on a port, runs a ServerConnection
// for each, and closes them gracefully (FIN after the last response; idle and linger timeouts
// on the virtual clock). Sans-IO like the rest: driven by poll(now), wakes at poll_at().
// A poll touches only the connections TCP reported a change on and those whose timeout is
// due (a heap of deadlines), so thousands of idle keep-alive connections cost nothing.
//
//   ws::tcp::Layer tcp(host, rng);          node.add_app(tcp);
//   ws::http::Server web(tcp, {.port = 80});
//   web.site().add_page("/", "text/html; charset=utf-8", std::string(search_home_page()));
//   web.start();                            node.add_app(web);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "wirestack/application/http/server_connection.h"
#include "wirestack/application/http/site.h"
#include "wirestack/base/result.h"
#include "wirestack/base/time.h"
#include "wirestack/trace/event.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::http {

struct ServerConfig {
  std::uint16_t port = 80;
  std::uint32_t backlog = 128;
  std::size_t max_connections = 1024;  // more are accepted and closed at once
  // RFC 9112 §9.5: a server may close idle connections; nginx waits 75 s, Apache 5 s.
  Duration idle_timeout = Duration::seconds(60);
  // A request once begun must be whole within this, or it is answered 408 (against peers that
  // trickle a byte at a time to hold connections open).
  Duration request_timeout = Duration::seconds(30);
  // After our FIN, how long the peer has to close its side before we reset.
  Duration linger = Duration::seconds(5);
  std::size_t input_buffer = 16 * 1024;  // bytes read from TCP at a time, per connection
  ConnectionOptions connection;
};

struct ServerCounters {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;  // over max_connections
  std::uint64_t requests = 0;
  std::uint64_t responses_2xx = 0;
  std::uint64_t responses_4xx = 0;
  std::uint64_t responses_5xx = 0;
  std::uint64_t idle_timeouts = 0;
  std::uint64_t request_timeouts = 0;
  std::uint64_t linger_timeouts = 0;
};

class Server final : private ExchangeObserver {
 public:
  Server(tcp::Layer& tcp, ServerConfig config = {});
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  Site& site() { return site_; }
  // Events (HttpEvent) are reported as `node`.
  void set_event_sink(EventSink* sink, std::string node);
  Result<Unit, tcp::Error> start();

  void poll(Instant now);
  std::optional<Instant> poll_at() const;

  std::size_t connections() const { return live_; }
  const ServerCounters& counters() const { return counters_; }

 private:
  struct Conn;

  struct Deadline {
    Instant at;
    std::size_t index;     // into conns_
    std::uint64_t serial;  // which connection held that slot
    bool operator>(const Deadline& o) const { return at > o.at; }
  };

  void accept_all(Instant now);
  // TCP's readiness callback: the connection on `socket` has something to do.
  void on_ready(tcp::SocketId socket);
  void mark_dirty(std::size_t index);
  // Pumps one connection and closes, expires or reschedules it.
  void service(Instant now, std::size_t index);
  // Keeps one deadline entry per connection at or before its current deadline.
  void schedule(std::size_t index);
  void run_deadlines(Instant now);
  // Moves bytes both ways until neither side can make progress; true when it stopped at its
  // round limit with more possibly left to move.
  bool pump(Instant now, Conn& c);
  void expire(Instant now, Conn& c);
  void release(Instant now, std::size_t index, bool abort);
  void request_received(const ServerConnection& conn, const RequestHead& request,
                        std::uint64_t content_bytes) override;
  void response_queued(const ServerConnection& conn, const RequestHead& request,
                       std::uint16_t status, std::uint64_t content_bytes) override;
  void emit(const HttpEvent& event);

  tcp::Layer& tcp_;
  ServerConfig config_;
  Site site_;
  std::optional<tcp::SocketId> listener_;
  std::vector<std::unique_ptr<Conn>> conns_;  // slot = ServerConnection::id()
  std::vector<std::size_t> free_;
  std::size_t live_ = 0;
  std::uint64_t next_serial_ = 0;
  std::vector<std::size_t> by_tcp_slot_;  // SocketId::index -> conns_ index (kNoConn)
  std::vector<std::size_t> dirty_;        // connections to service at the next poll
  std::vector<std::size_t> servicing_;    // the batch being serviced (dirty_ swapped in)
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::optional<std::uint32_t> ready_handle_;
  std::optional<std::size_t> in_service_;  // readiness changes it causes itself are not news
  Instant now_;
  EventSink* sink_ = nullptr;
  std::string node_;
  ServerCounters counters_;
};

}  // namespace ws::http
