// Binds the sans-IO DNS cores to a host's UDP sockets. The driver calls poll(now) whenever the
// host has run (and at poll_at()); each poll moves received datagrams into the core, runs its
// timers and sends what it queued.
//
//   ws::UdpLayer udp(host, rng);
//   ws::dns::AuthoritativeServer auth;  auth.add_zone(*ws::dns::Zone::parse(text));
//   ws::dns::AuthoritativeUdpServer server(udp, auth);  server.start();   // port 53
//   ws::dns::StubResolver stub({{resolver_address}}, rng.fork());
//   ws::dns::StubUdpBinding client(udp, stub);
//   stub.lookup(name, rr_type::kA, now, callback);  client.poll(now);
#pragma once

#include <map>
#include <optional>

#include "wirestack/application/dns/authoritative_server.h"
#include "wirestack/application/dns/recursive_resolver.h"
#include "wirestack/application/dns/stub_resolver.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws::dns {

// The sockets a resolver's queries leave from: one per source port the core chose, bound on
// first use and closed once the core no longer waits on that port.
class QuerySockets {
 public:
  explicit QuerySockets(UdpLayer& udp) : udp_(udp) {}
  ~QuerySockets();
  QuerySockets(const QuerySockets&) = delete;
  QuerySockets& operator=(const QuerySockets&) = delete;

  void send(Instant now, const Datagram& d);
  // Hands every waiting datagram to `deliver(from, from_port, local_port, bytes)`.
  template <class F>
  void receive(F&& deliver);
  // Closes the sockets whose port `waiting(port)` no longer wants.
  template <class F>
  void close_unless(F&& waiting);

 private:
  UdpLayer& udp_;
  std::map<std::uint16_t, UdpSocketId> sockets_;
};

// Reads every datagram waiting on `socket` into `deliver(from, from_port, bytes)`.
template <class F>
void drain_socket(UdpLayer& udp, UdpSocketId socket, F&& deliver) {
  static thread_local std::vector<std::uint8_t> buf(65535);
  while (true) {
    auto got = udp.recv_from(socket, buf);
    if (!got) return;
    deliver(got->from.address, got->from.port, Bytes(buf).first(got->len));
  }
}

template <class F>
void QuerySockets::receive(F&& deliver) {
  for (const auto& [port, socket] : sockets_) {
    drain_socket(udp_, socket, [&, p = port](Ipv4Address from, std::uint16_t from_port,
                                               Bytes b) { deliver(from, from_port, p, b); });
  }
}

template <class F>
void QuerySockets::close_unless(F&& waiting) {
  for (auto it = sockets_.begin(); it != sockets_.end();) {
    if (waiting(it->first)) {
      ++it;
    } else {
      (void)udp_.close(it->second);
      it = sockets_.erase(it);
    }
  }
}

// An authoritative server on port 53.
class AuthoritativeUdpServer {
 public:
  AuthoritativeUdpServer(UdpLayer& udp, AuthoritativeServer& server) : udp_(udp), server_(server) {}
  Result<Unit, UdpError> start(Ipv4Address address = Ipv4Address::any());
  void poll(Instant now);
  // It only answers what arrives: no timers.
  std::optional<Instant> poll_at() const { return std::nullopt; }

 private:
  UdpLayer& udp_;
  AuthoritativeServer& server_;
  std::optional<UdpSocketId> socket_;
};

// A recursive resolver serving clients on port 53 and querying from random ports.
class RecursiveUdpResolver {
 public:
  RecursiveUdpResolver(UdpLayer& udp, RecursiveResolver& resolver)
      : udp_(udp), resolver_(resolver), queries_(udp) {}
  Result<Unit, UdpError> start(Ipv4Address address = Ipv4Address::any());
  void poll(Instant now);
  std::optional<Instant> poll_at() const { return resolver_.poll_at(); }

 private:
  void flush(Instant now);
  UdpLayer& udp_;
  RecursiveResolver& resolver_;
  QuerySockets queries_;
  std::optional<UdpSocketId> socket_;
};

// A host's stub resolver.
class StubUdpBinding {
 public:
  StubUdpBinding(UdpLayer& udp, StubResolver& stub) : stub_(stub), queries_(udp) {}
  void poll(Instant now);
  std::optional<Instant> poll_at() const { return stub_.poll_at(); }

 private:
  StubResolver& stub_;
  QuerySockets queries_;
};

}  // namespace ws::dns
