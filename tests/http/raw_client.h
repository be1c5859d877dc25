// A bare TCP client for server tests: sends exactly the bytes given (malformed ones too) and
// collects whatever comes back, until the server closes.
#pragma once

#include <string>
#include <vector>

#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::http {

struct RawClient {
  explicit RawClient(tcp::Layer& layer) : tcp(layer) {}

  tcp::Layer& tcp;
  std::optional<tcp::SocketId> socket;
  std::string to_send;
  std::size_t sent = 0;
  std::string received;
  bool eof = false;
  bool reading = true;  // false: let the server's output back up
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(4096);

  void connect(Instant now, Ipv4Address server, std::string bytes) {
    socket = *tcp.connect(now, server, 80);
    to_send = std::move(bytes);
  }
  void poll(Instant now) {
    if (!socket) return;
    while (sent < to_send.size()) {
      auto n = tcp.send(now, *socket,
                        Bytes(reinterpret_cast<const std::uint8_t*>(to_send.data()) + sent,
                              to_send.size() - sent));
      if (!n || *n == 0) break;
      sent += *n;
    }
    while (reading && !eof) {
      auto n = tcp.recv(now, *socket, buf);
      if (!n) break;
      if (*n == 0) {
        eof = true;
        (void)tcp.close(now, *socket);
        break;
      }
      received.append(reinterpret_cast<const char*>(buf.data()), *n);
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }
};

}  // namespace ws::http
