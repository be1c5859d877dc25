#include "wirestack/transport/udp/udp_layer.h"

#include <cstring>

#include "wirestack/wire/icmp.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

std::uint64_t endpoint_key(UdpEndpoint e) {
  return (std::uint64_t{e.address.value()} << 16) | e.port;
}

std::string endpoint_text(UdpEndpoint e) {
  return e.address.to_string() + ":" + std::to_string(e.port);
}

}  // namespace

const char* to_string(UdpError error) {
  switch (error) {
    case UdpError::kBadSocket:
      return "bad socket";
    case UdpError::kAddressInUse:
      return "address in use";
    case UdpError::kAddressNotLocal:
      return "address not available";
    case UdpError::kNoEphemeralPorts:
      return "no ephemeral port free";
    case UdpError::kInvalidArgument:
      return "invalid argument";
    case UdpError::kNotConnected:
      return "destination address required";
    case UdpError::kWouldBlock:
      return "would block";
    case UdpError::kNoRoute:
      return "network unreachable";
    case UdpError::kMessageTooBig:
      return "message too long";
    case UdpError::kNoBufferSpace:
      return "no buffer space";
  }
  return "?";
}

UdpLayer::UdpLayer(Host& host, Rng& rng, UdpConfig config)
    : host_(host), rng_(rng), config_(config) {
  host_.register_protocol(ip_proto::kUdp, this);
}

UdpLayer::~UdpLayer() {
  host_.register_protocol(ip_proto::kUdp, nullptr);
}

UdpLayer::Socket* UdpLayer::get(UdpSocketId id) {
  if (id.index >= sockets_.size()) return nullptr;
  Socket& s = sockets_[id.index];
  return s.open && s.generation == id.generation ? &s : nullptr;
}

const UdpLayer::Socket* UdpLayer::get(UdpSocketId id) const {
  return const_cast<UdpLayer*>(this)->get(id);
}

std::optional<std::uint32_t> UdpLayer::find(UdpEndpoint local) const {
  auto it = bound_.find(endpoint_key(local));
  if (it == bound_.end()) return std::nullopt;
  return it->second;
}

// Without SO_REUSEADDR: a port bound on any address excludes every other bind of it, and a bind
// on any address needs the port unused everywhere.
bool UdpLayer::port_free(Ipv4Address address, std::uint16_t port) const {
  if (address.is_unspecified()) return !port_users_.contains(port);
  return !find({address, port}) && !find({Ipv4Address::any(), port});
}

// RFC 6056 §3.3.1 (Algorithm 1): a random start, then the next free port, wrapping around.
std::optional<std::uint16_t> UdpLayer::ephemeral_port() {
  constexpr std::uint32_t kCount = kEphemeralLast - kEphemeralFirst + 1;
  const auto start = static_cast<std::uint32_t>(rng_.below(kCount));
  for (std::uint32_t i = 0; i < kCount; ++i) {
    const auto port = static_cast<std::uint16_t>(kEphemeralFirst + (start + i) % kCount);
    if (!port_users_.contains(port)) return port;
  }
  return std::nullopt;
}

Result<UdpSocketId, UdpError> UdpLayer::bind(Ipv4Address address, std::uint16_t port) {
  if (!address.is_unspecified() && !host_.is_local_address(address)) {
    return Err{UdpError::kAddressNotLocal};
  }
  if (port == 0) {
    const auto ephemeral = ephemeral_port();
    if (!ephemeral) return Err{UdpError::kNoEphemeralPorts};
    port = *ephemeral;
  } else if (!port_free(address, port)) {
    return Err{UdpError::kAddressInUse};
  }
  std::uint32_t index;
  std::uint32_t generation = 1;
  if (free_.empty()) {
    index = static_cast<std::uint32_t>(sockets_.size());
    sockets_.emplace_back(generation, UdpEndpoint{address, port}, config_);
  } else {
    index = free_.back();
    free_.pop_back();
    generation = sockets_[index].generation + 1;
    sockets_[index] = Socket(generation, UdpEndpoint{address, port}, config_);
  }
  bound_.emplace(endpoint_key({address, port}), index);
  ++port_users_[port];
  return UdpSocketId{index, generation};
}

Result<Unit, UdpError> UdpLayer::connect(UdpSocketId id, Ipv4Address address, std::uint16_t port) {
  Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  if (port == 0) return Err{UdpError::kInvalidArgument};
  s->peer = UdpEndpoint{address, port};
  return Unit{};
}

Result<Unit, UdpError> UdpLayer::set_ttl(UdpSocketId id, std::optional<std::uint8_t> ttl) {
  Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  s->ttl = ttl;
  return Unit{};
}

Result<Unit, UdpError> UdpLayer::close(UdpSocketId id) {
  Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  bound_.erase(endpoint_key(s->local));
  if (--port_users_[s->local.port] == 0) port_users_.erase(s->local.port);
  s->open = false;
  free_.push_back(id.index);
  return Unit{};
}

Result<std::size_t, UdpError> UdpLayer::send_to(Instant now, UdpSocketId id, Ipv4Address dst,
                                                std::uint16_t port, Bytes payload) {
  const Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  if (port == 0) return Err{UdpError::kInvalidArgument};
  if (payload.size() > 0xffff - kIpv4MinHeaderLen - kUdpHeaderLen) {
    return Err{UdpError::kMessageTooBig};
  }
  // The checksum covers the source address, so it is chosen here, as IP would choose it.
  Ipv4Address src = s->local.address;
  if (src.is_unspecified()) {
    if (auto routed = host_.source_address_for(dst)) {
      src = *routed;
    } else if (dst.is_broadcast() && !host_.interfaces().empty()) {
      src = host_.interfaces().front()->address();
    } else {
      return Err{UdpError::kNoRoute};
    }
  }
  PacketBuffer buffer = host_.take_buffer(kUdpHeaderLen + payload.size());
  MutableBytes datagram = buffer.append(kUdpHeaderLen + payload.size());
  if (!payload.empty())
    std::memcpy(datagram.data() + kUdpHeaderLen, payload.data(), payload.size());
  UdpRepr udp;
  udp.src_port = s->local.port;
  udp.dst_port = port;
  udp.emit(datagram, src, dst);
  Ipv4Send send;
  send.dst = dst;
  send.src = src;
  send.protocol = ip_proto::kUdp;
  send.ttl = s->ttl;
  ++counters_.out_datagrams;
  switch (host_.send_ipv4(now, send, std::move(buffer))) {
    case SendResult::kSent:
    case SendResult::kQueued:
      return payload.size();
    case SendResult::kNoRoute:
      return Err{UdpError::kNoRoute};
    case SendResult::kTooBig:
      return Err{UdpError::kMessageTooBig};
    case SendResult::kDropped:
      break;
  }
  return Err{UdpError::kNoBufferSpace};
}

Result<std::size_t, UdpError> UdpLayer::send(Instant now, UdpSocketId id, Bytes payload) {
  const Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  if (!s->peer) return Err{UdpError::kNotConnected};
  return send_to(now, id, s->peer->address, s->peer->port, payload);
}

Result<UdpReceived, UdpError> UdpLayer::recv_from(UdpSocketId id, MutableBytes out) {
  Socket* s = get(id);
  if (!s) return Err{UdpError::kBadSocket};
  if (s->queue.empty()) return Err{UdpError::kWouldBlock};
  return s->queue.pop(out);
}

std::optional<UdpSocketError> UdpLayer::take_error(UdpSocketId id) {
  Socket* s = get(id);
  if (!s || s->errors.empty()) return std::nullopt;
  UdpSocketError e = s->errors.front();
  s->errors.pop_front();
  return e;
}

bool UdpLayer::readable(UdpSocketId id) const {
  const Socket* s = get(id);
  return s && (!s->queue.empty() || !s->errors.empty());
}

std::optional<UdpEndpoint> UdpLayer::local_endpoint(UdpSocketId id) const {
  const Socket* s = get(id);
  if (!s) return std::nullopt;
  return s->local;
}

// The socket bound to the exact local address first, else the one bound to any address; a
// connected socket takes datagrams from its peer only.
UdpLayer::Socket* UdpLayer::demux(UdpEndpoint local, UdpEndpoint remote, std::uint32_t* index) {
  auto found = find(local);
  if (!found) found = find({Ipv4Address::any(), local.port});
  if (!found) return nullptr;
  Socket& s = sockets_[*found];
  if (s.peer && *s.peer != remote) return nullptr;
  *index = *found;
  return &s;
}

void UdpLayer::on_datagram(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint32_t) {
  auto view = UdpPacket::check(payload);
  if (!view) {
    ++counters_.in_errors;
    return drop(now, DropReason::kUdpMalformed, payload);
  }
  auto udp = UdpRepr::parse(*view, ip.src, ip.dst, ChecksumCheck::kVerify);
  if (!udp) {
    ++counters_.in_errors;
    ++counters_.in_csum_errors;
    return drop(now, DropReason::kUdpBadChecksum, payload);
  }
  std::uint32_t index = 0;
  Socket* s = demux({ip.dst, udp->dst_port}, {ip.src, udp->src_port}, &index);
  if (!s) {
    // RFC 1122 §4.1.3.1: port unreachable (the host holds back errors about broadcasts).
    ++counters_.no_ports;
    drop(now, DropReason::kUdpNoSocket, payload);
    return host_.send_icmp_error_about(now, ip, payload, icmp_type::kDestUnreachable,
                                       icmp_unreach::kPort);
  }
  if (!s->queue.push({ip.src, udp->src_port}, ip.dst, view->payload())) {
    ++counters_.in_errors;
    ++counters_.rcvbuf_errors;
    return drop(now, DropReason::kUdpQueueFull, payload);
  }
  ++counters_.in_datagrams;
  notify(index);
}

// RFC 1122 §4.1.3.3: ICMP errors are passed to the application (here: queued on the socket
// whose datagram is quoted).
void UdpLayer::on_icmp_error(Instant, const IcmpError& error) {
  const QuotedDatagram& q = error.quoted;
  if (q.payload.size() < 4) return;
  const std::uint16_t sport = load_be16(&q.payload[0]);
  auto found = find({q.src, sport});
  if (!found) found = find({Ipv4Address::any(), sport});
  if (!found) return;
  Socket& s = sockets_[*found];
  if (s.errors.size() >= config_.error_queue) s.errors.pop_front();
  s.errors.push_back(UdpSocketError{error.from, error.type, error.code,
                                    UdpEndpoint{q.dst, load_be16(&q.payload[2])},
                                    error.next_hop_mtu});
  notify(*found);
}

void UdpLayer::drop(Instant now, DropReason reason, Bytes packet) {
  counters_.drops.count(reason);
  if (EventSink* sink = host_.event_sink()) {
    sink->on_event(
        Event{now, host_.name(), Layer::kTransport, DropEvent{reason, Layer::kTransport, packet}});
  }
}

void UdpLayer::notify(std::uint32_t index) {
  if (ready_) ready_(UdpSocketId{index, sockets_[index].generation});
}

std::string UdpLayer::format_sockets() const {
  std::string out = "State   Recv-Q  Local Address:Port      Peer Address:Port\n";
  for (const Socket& s : sockets_) {
    if (!s.open) continue;
    std::string line = s.peer ? "ESTAB   " : "UNCONN  ";
    std::string recv_q = std::to_string(s.queue.bytes());
    line += recv_q + std::string(recv_q.size() < 8 ? 8 - recv_q.size() : 1, ' ');
    std::string local = endpoint_text(s.local);
    line += local + std::string(local.size() < 24 ? 24 - local.size() : 1, ' ');
    line += s.peer ? endpoint_text(*s.peer) : "0.0.0.0:*";
    out += line + "\n";
  }
  return out;
}

std::string UdpLayer::format_counters() const {
  const auto row = [](std::uint64_t n, const char* what) {
    return "    " + std::to_string(n) + " " + what + "\n";
  };
  std::string out = "Udp:\n";
  out += row(counters_.in_datagrams, "packets received");
  out += row(counters_.no_ports, "packets to unknown port received");
  out += row(counters_.in_errors, "packet receive errors");
  out += row(counters_.out_datagrams, "packets sent");
  out += row(counters_.rcvbuf_errors, "receive buffer errors");
  out += row(counters_.in_csum_errors, "InCsumErrors");
  return out;
}

}  // namespace ws
