// UDP for one host (RFC 768, RFC 1122 §4.1): the IP protocol handler and its sockets.
// Sockets bind to an address and port, or to an ephemeral port chosen by the seeded Rng
// (RFC 6056); datagrams are demultiplexed by a hash of (local address, local port); closed
// ports answer with ICMP port unreachable; ICMP errors about what a socket sent are queued on
// it; receive queues are bounded. UDP has no timers: nothing to poll.
//
//   ws::UdpLayer udp(host, rng);                      // registers for IP protocol 17
//   auto s = udp.bind(Ipv4Address::any(), 0);         // ephemeral port
//   udp.send_to(now, *s, server, 53, query);
//   std::array<std::uint8_t, 512> buf;
//   auto got = udp.recv_from(*s, buf);                // kWouldBlock until a datagram is there
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/base/rng.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/ip_protocol_handler.h"
#include "wirestack/trace/drop_reason.h"
#include "wirestack/transport/udp/datagram_queue.h"
#include "wirestack/transport/udp/udp_socket.h"

namespace ws {

struct UdpConfig {
  std::size_t receive_buffer = 64 * 1024;  // bytes of queued datagrams per socket (SO_RCVBUF)
  std::size_t receive_datagrams = 64;      // and at most this many
  std::size_t error_queue = 8;             // ICMP errors kept per socket (the oldest go first)
};

// Named after the UDP MIB (RFC 4113) as `netstat -s` prints it, plus drops by reason.
struct UdpCounters {
  std::uint64_t in_datagrams = 0;
  std::uint64_t no_ports = 0;
  std::uint64_t in_errors = 0;
  std::uint64_t out_datagrams = 0;
  std::uint64_t rcvbuf_errors = 0;
  std::uint64_t in_csum_errors = 0;
  DropCounters drops;
};

class UdpLayer final : public IpProtocolHandler {
 public:
  static constexpr std::uint16_t kEphemeralFirst = 49152;  // IANA's range (RFC 6335)
  static constexpr std::uint16_t kEphemeralLast = 65535;

  // Registers itself with `host` for IP protocol 17 (and unregisters when destroyed).
  UdpLayer(Host& host, Rng& rng, UdpConfig config = {});
  ~UdpLayer() override;
  UdpLayer(const UdpLayer&) = delete;
  UdpLayer& operator=(const UdpLayer&) = delete;

  // Port 0: an ephemeral port. `address` is one of the host's, or any (every address).
  Result<UdpSocketId, UdpError> bind(Ipv4Address address, std::uint16_t port);
  // Sets the default destination, and from then on takes datagrams from that peer only.
  Result<Unit, UdpError> connect(UdpSocketId id, Ipv4Address address, std::uint16_t port);
  Result<Unit, UdpError> close(UdpSocketId id);
  // The TTL of datagrams sent from now on (IP_TTL; traceroute's probes). Unset: the host's.
  Result<Unit, UdpError> set_ttl(UdpSocketId id, std::optional<std::uint8_t> ttl);

  // Bytes sent (the whole payload: UDP keeps datagram boundaries).
  Result<std::size_t, UdpError> send_to(Instant now, UdpSocketId id, Ipv4Address dst,
                                        std::uint16_t port, Bytes payload);
  Result<std::size_t, UdpError> send(Instant now, UdpSocketId id, Bytes payload);
  // The oldest datagram, copied into `out` (truncated if longer); kWouldBlock when none.
  Result<UdpReceived, UdpError> recv_from(UdpSocketId id, MutableBytes out);
  // The oldest ICMP error reported for this socket, if any.
  std::optional<UdpSocketError> take_error(UdpSocketId id);

  // A datagram or an error is waiting.
  bool readable(UdpSocketId id) const;
  std::optional<UdpEndpoint> local_endpoint(UdpSocketId id) const;
  // Called with a socket that became readable, after the layer is done with the datagram (the
  // callback may use the socket API).
  void set_ready_callback(std::function<void(UdpSocketId)> callback) {
    ready_ = std::move(callback);
  }

  void on_datagram(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint32_t ifindex) override;
  void on_icmp_error(Instant now, const IcmpError& error) override;

  // Like `ss -uan`.
  std::string format_sockets() const;
  // Like the Udp section of `netstat -s`.
  std::string format_counters() const;
  const UdpCounters& counters() const { return counters_; }

 private:
  struct Socket {
    Socket(std::uint32_t gen, UdpEndpoint bound, const UdpConfig& config)
        : generation(gen), local(bound), queue(config.receive_buffer, config.receive_datagrams) {}
    std::uint32_t generation;
    bool open = true;
    UdpEndpoint local;
    std::optional<UdpEndpoint> peer;
    std::optional<std::uint8_t> ttl;
    DatagramQueue queue;
    std::deque<UdpSocketError> errors;
  };

  Socket* get(UdpSocketId id);
  const Socket* get(UdpSocketId id) const;
  std::optional<std::uint32_t> find(UdpEndpoint local) const;
  bool port_free(Ipv4Address address, std::uint16_t port) const;
  std::optional<std::uint16_t> ephemeral_port();
  // The socket a datagram to `local` from `remote` belongs to.
  Socket* demux(UdpEndpoint local, UdpEndpoint remote, std::uint32_t* index);
  void drop(Instant now, DropReason reason, Bytes packet);
  void notify(std::uint32_t index);

  Host& host_;
  Rng& rng_;
  UdpConfig config_;
  UdpCounters counters_;
  std::function<void(UdpSocketId)> ready_;
  std::vector<Socket> sockets_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<std::uint64_t, std::uint32_t> bound_;       // (address, port) -> socket
  std::unordered_map<std::uint16_t, std::uint32_t> port_users_;  // port -> sockets bound to it
};

}  // namespace ws
