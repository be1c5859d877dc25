#include "wirestack/application/dns/udp_binding.h"

namespace ws::dns {

QuerySockets::~QuerySockets() {
  for (const auto& [port, socket] : sockets_) (void)udp_.close(socket);
}

void QuerySockets::send(Instant now, const Datagram& d) {
  auto it = sockets_.find(d.local_port);
  if (it == sockets_.end()) {
    auto s = udp_.bind(Ipv4Address::any(), d.local_port);
    if (!s) return;  // the port is taken: the query times out and the core tries again
    it = sockets_.emplace(d.local_port, *s).first;
  }
  (void)udp_.send_to(now, it->second, d.remote, d.remote_port, d.payload);
}

Result<Unit, UdpError> AuthoritativeUdpServer::start(Ipv4Address address) {
  auto s = udp_.bind(address, kPort);
  if (!s) return Err{s.error()};
  socket_ = *s;
  return Unit{};
}

void AuthoritativeUdpServer::poll(Instant now) {
  if (!socket_) return;
  drain_socket(udp_, *socket_, [&](Ipv4Address from, std::uint16_t from_port, Bytes query) {
    if (const auto reply = server_.answer(query)) {
      (void)udp_.send_to(now, *socket_, from, from_port, *reply);
    }
  });
}

Result<Unit, UdpError> RecursiveUdpResolver::start(Ipv4Address address) {
  auto s = udp_.bind(address, kPort);
  if (!s) return Err{s.error()};
  socket_ = *s;
  return Unit{};
}

void RecursiveUdpResolver::poll(Instant now) {
  if (socket_) {
    drain_socket(udp_, *socket_, [&](Ipv4Address from, std::uint16_t from_port, Bytes query) {
      resolver_.on_client_query(from, from_port, query, now);
    });
  }
  queries_.receive([&](Ipv4Address from, std::uint16_t from_port, std::uint16_t local_port,
                       Bytes b) { resolver_.on_datagram(from, from_port, local_port, b, now); });
  resolver_.poll(now);
  flush(now);
}

void RecursiveUdpResolver::flush(Instant now) {
  while (auto d = resolver_.poll_transmit()) {
    if (d->local_port == kPort) {
      if (socket_) (void)udp_.send_to(now, *socket_, d->remote, d->remote_port, d->payload);
    } else {
      queries_.send(now, *d);
    }
  }
  queries_.close_unless([this](std::uint16_t port) { return resolver_.awaiting(port); });
}

void StubUdpBinding::poll(Instant now) {
  queries_.receive([&](Ipv4Address from, std::uint16_t from_port, std::uint16_t local_port,
                       Bytes b) { stub_.on_datagram(from, from_port, local_port, b, now); });
  stub_.poll(now);
  while (auto d = stub_.poll_transmit()) queries_.send(now, *d);
  queries_.close_unless([this](std::uint16_t port) { return stub_.awaiting(port); });
}

}  // namespace ws::dns
