#include "wirestack/application/stream_services.h"

#include <cstdio>

namespace ws {

ClassicService::ClassicService(tcp::Layer& tcp, UdpLayer& udp, ClassicServiceConfig config)
    : tcp_(tcp), udp_(udp), config_(config), datagram_(65535) {}

ClassicService::~ClassicService() {
  if (udp_socket_) (void)udp_.close(*udp_socket_);
}

Result<Unit, std::string> ClassicService::start() {
  auto listener = tcp_.listen(config_.port, config_.backlog);
  if (!listener)
    return Err(std::string("tcp port ") + std::to_string(config_.port) + ": " +
               tcp::to_string(listener.error()));
  auto socket = udp_.bind(Ipv4Address::any(), config_.port);
  if (!socket)
    return Err(std::string("udp port ") + std::to_string(config_.port) + ": " +
               to_string(socket.error()));
  listener_ = *listener;
  udp_socket_ = *socket;
  return Unit{};
}

void ClassicService::poll(Instant now) {
  if (!listener_) return;
  while (true) {
    auto accepted = tcp_.accept(*listener_);
    if (!accepted) break;
    if (conns_.size() >= config_.max_connections) {
      ++counters_.refused;
      (void)tcp_.abort(now, *accepted);
      continue;
    }
    ++counters_.connections;
    conns_.push_back({*accepted, std::vector<std::uint8_t>(config_.chunk)});
  }
  for (std::size_t i = 0; i < conns_.size();) {
    if (serve(now, conns_[i])) {
      ++i;
    } else {
      conns_[i] = std::move(conns_.back());
      conns_.pop_back();
    }
  }
  serve_udp(now);
}

bool ClassicService::serve(Instant now, Conn& conn) {
  while (true) {
    if (conn.sent < conn.filled) {
      auto sent =
          tcp_.send(now, conn.id, Bytes(conn.buffer).subspan(conn.sent, conn.filled - conn.sent));
      if (!sent) {
        if (sent.error() == tcp::Error::kWouldBlock) return true;
        (void)tcp_.abort(now, conn.id);
        return false;
      }
      conn.sent += *sent;
      counters_.tcp_bytes_out += *sent;
      if (conn.sent < conn.filled) return true;
    }
    conn.sent = conn.filled = 0;
    auto got = tcp_.recv(now, conn.id, conn.buffer);
    if (!got) {
      if (got.error() == tcp::Error::kWouldBlock) return true;
      (void)tcp_.close(now, conn.id);  // reset or timed out: release it
      return false;
    }
    if (*got == 0) {
      // The client's FIN, everything echoed: our FIN follows what is queued (half-close).
      (void)tcp_.close(now, conn.id);
      return false;
    }
    counters_.tcp_bytes_in += *got;
    if (config_.kind == ServiceKind::kEcho) conn.filled = *got;
  }
}

void ClassicService::serve_udp(Instant now) {
  if (!udp_socket_) return;
  while (true) {
    auto got = udp_.recv_from(*udp_socket_, datagram_);
    if (!got) return;
    ++counters_.datagrams_in;
    if (config_.kind != ServiceKind::kEcho) continue;
    if (udp_.send_to(now, *udp_socket_, got->from.address, got->from.port,
                     Bytes(datagram_).first(got->len))) {
      ++counters_.datagrams_out;
    }
  }
}

std::string ClassicService::format_counters() const {
  char line[256];
  std::snprintf(line, sizeof line,
                "%s/%u: %llu connections (%llu refused), %llu bytes in, %llu out; "
                "%llu datagrams in, %llu out\n",
                name(), config_.port, static_cast<unsigned long long>(counters_.connections),
                static_cast<unsigned long long>(counters_.refused),
                static_cast<unsigned long long>(counters_.tcp_bytes_in),
                static_cast<unsigned long long>(counters_.tcp_bytes_out),
                static_cast<unsigned long long>(counters_.datagrams_in),
                static_cast<unsigned long long>(counters_.datagrams_out));
  return line;
}

}  // namespace ws
