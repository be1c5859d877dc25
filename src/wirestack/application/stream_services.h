// The classic test services, on TCP and UDP at once: echo (RFC 862: every byte and datagram
// comes back) and discard (RFC 863: everything is read and thrown away). Sans-IO applications
// on a host's transport layers; the driver calls poll(now) after the host has run.
//
//   ws::ClassicService echo(tcp, udp, {.kind = ServiceKind::kEcho, .port = 7});
//   echo.start();  node.add_app(echo);
//
// TCP echo keeps half-close: when the client shuts its side, what it sent is echoed, then our
// side is closed too (like `nc -N` against inetd's echo).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/base/time.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws {

enum class ServiceKind : std::uint8_t { kEcho, kDiscard };

struct ClassicServiceConfig {
  ServiceKind kind = ServiceKind::kEcho;
  std::uint16_t port = 7;
  std::uint32_t backlog = 128;
  std::size_t max_connections = 1024;  // more are reset
  std::size_t chunk = 16 * 1024;       // bytes read per call (allocated per connection)
};

struct ClassicServiceCounters {
  std::uint64_t connections = 0;
  std::uint64_t refused = 0;  // over max_connections
  std::uint64_t tcp_bytes_in = 0;
  std::uint64_t tcp_bytes_out = 0;
  std::uint64_t datagrams_in = 0;
  std::uint64_t datagrams_out = 0;
};

class ClassicService {
 public:
  ClassicService(tcp::Layer& tcp, UdpLayer& udp, ClassicServiceConfig config);
  ~ClassicService();
  ClassicService(const ClassicService&) = delete;
  ClassicService& operator=(const ClassicService&) = delete;

  // Listens on TCP and binds UDP on the port; false (with why) when either is taken.
  Result<Unit, std::string> start();
  void poll(Instant now);
  std::optional<Instant> poll_at() const { return std::nullopt; }

  const char* name() const { return config_.kind == ServiceKind::kEcho ? "echo" : "discard"; }
  std::uint16_t port() const { return config_.port; }
  std::size_t open_connections() const { return conns_.size(); }
  const ClassicServiceCounters& counters() const { return counters_; }
  // "echo/7: 3 connections, 1200 bytes in, 1200 out; 2 datagrams in, 2 out"
  std::string format_counters() const;

 private:
  struct Conn {
    tcp::SocketId id;
    std::vector<std::uint8_t> buffer;
    std::size_t sent = 0;  // of buffer[0, filled)
    std::size_t filled = 0;
  };
  // Moves what it can; false when the connection is finished (and closed).
  bool serve(Instant now, Conn& conn);
  void serve_udp(Instant now);

  tcp::Layer& tcp_;
  UdpLayer& udp_;
  ClassicServiceConfig config_;
  std::optional<tcp::SocketId> listener_;
  std::optional<UdpSocketId> udp_socket_;
  std::vector<Conn> conns_;
  std::vector<std::uint8_t> datagram_;
  ClassicServiceCounters counters_;
};

}  // namespace ws
