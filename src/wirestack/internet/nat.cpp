// The NAT's mapping table: hashed both ways, ports allocated with preservation then at random
// (RFC 6056 §3.3.1 style), idle timers in a heap on the virtual clock, `conntrack -L` output.
#include "wirestack/internet/nat.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <tuple>

#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"

namespace ws {
namespace {

std::uint64_t inside_key(std::uint8_t protocol, Ipv4Address a, std::uint16_t port) {
  return (std::uint64_t{protocol} << 48) | (std::uint64_t{a.value()} << 16) | port;
}

std::uint32_t outside_key(std::uint8_t protocol, std::uint16_t port) {
  return (std::uint32_t{protocol} << 16) | port;
}

const char* protocol_column(std::uint8_t protocol) {
  switch (protocol) {
    case ip_proto::kTcp:
      return "tcp      6 ";
    case ip_proto::kUdp:
      return "udp      17 ";
    default:
      return "icmp     1 ";
  }
}

}  // namespace

const char* NatTcpTrack::name() const {
  if (rst) return "CLOSE";
  if (fin_out && fin_in) return "TIME_WAIT";
  if (fin_out) return "FIN_WAIT";
  if (fin_in) return "CLOSE_WAIT";
  if (syn_out && syn_in) return "ESTABLISHED";
  return syn_in ? "SYN_RECV" : "SYN_SENT";
}

Nat::Nat(Host& host, Rng& rng, NatConfig config)
    : host_(host), rng_(rng), config_(config), public_(config.public_address) {
  if (public_.is_unspecified()) {
    if (Interface* outside = host_.interface(config_.outside_ifindex)) public_ = outside->address();
  }
  host_.set_packet_hook(this);
}

Nat::~Nat() {
  host_.set_packet_hook(nullptr);
}

std::optional<DropReason> Nat::prerouting(Instant now, const Interface& in, MutableBytes datagram) {
  if (in.ifindex() != config_.outside_ifindex) return std::nullopt;
  poll(now);
  return translate_in(now, datagram);
}

std::optional<DropReason> Nat::postrouting(Instant now, const Interface& in, const Interface& out,
                                           MutableBytes datagram) {
  if (out.ifindex() != config_.outside_ifindex || in.ifindex() == config_.outside_ifindex) {
    return std::nullopt;
  }
  poll(now);
  return translate_out(now, datagram);
}

std::optional<std::uint32_t> Nat::lookup_inside(std::uint8_t protocol, Ipv4Address inside,
                                                std::uint16_t port) const {
  auto it = by_inside_.find(inside_key(protocol, inside, port));
  if (it == by_inside_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::uint32_t> Nat::lookup_outside(std::uint8_t protocol,
                                                 std::uint16_t outside_port) const {
  auto it = by_outside_.find(outside_key(protocol, outside_port));
  if (it == by_outside_.end()) return std::nullopt;
  return it->second;
}

const NatMapping* Nat::find(std::uint8_t protocol, Ipv4Address inside,
                            std::uint16_t inside_port) const {
  const auto index = lookup_inside(protocol, inside, inside_port);
  return index ? &slots_[*index].mapping : nullptr;
}

// Port preservation (RFC 4787 §4.2.1; Linux does it): the inside port when free; else a random
// start in the range, probing upward (RFC 6056 §3.3.1).
std::optional<std::uint16_t> Nat::allocate_port(std::uint8_t protocol, std::uint16_t wanted) {
  const std::uint32_t first = config_.port_first;
  const std::uint32_t count = std::uint32_t{config_.port_last} - first + 1;
  if (wanted >= config_.port_first && wanted <= config_.port_last &&
      !by_outside_.contains(outside_key(protocol, wanted))) {
    return wanted;
  }
  const auto start = static_cast<std::uint32_t>(rng_.below(count));
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto port = static_cast<std::uint16_t>(first + (start + i) % count);
    if (!by_outside_.contains(outside_key(protocol, port))) return port;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> Nat::create(Instant now, std::uint8_t protocol, Ipv4Address inside,
                                         std::uint16_t port) {
  if (size() >= config_.max_mappings) return std::nullopt;
  const auto outside_port = allocate_port(protocol, port);
  if (!outside_port) return std::nullopt;
  std::uint32_t index;
  if (free_slots_.empty()) {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    index = free_slots_.back();
    free_slots_.pop_back();
  }
  Slot& slot = slots_[index];
  slot.live = true;
  ++slot.generation;
  slot.mapping = NatMapping{};
  slot.mapping.protocol = protocol;
  slot.mapping.inside = inside;
  slot.mapping.inside_port = port;
  slot.mapping.outside_port = *outside_port;
  slot.mapping.expires = now;
  by_inside_.emplace(inside_key(protocol, inside, port), index);
  by_outside_.emplace(outside_key(protocol, *outside_port), index);
  slot.armed = Instant::from_nanos(std::numeric_limits<std::int64_t>::max());
  ++counters_.created;
  return index;
}

Duration Nat::timeout(const NatMapping& m) const {
  switch (m.protocol) {
    case ip_proto::kUdp:
      return config_.udp_timeout;
    case ip_proto::kTcp:
      return m.tcp.established() ? config_.tcp_established_timeout : config_.tcp_transitory_timeout;
    default:
      return config_.icmp_timeout;
  }
}

void Nat::touch(Instant now, std::uint32_t index, Direction direction, std::uint16_t tcp_flags) {
  Slot& slot = slots_[index];
  NatMapping& m = slot.mapping;
  if (m.protocol == ip_proto::kTcp) {
    const bool out = direction == Direction::kOut;
    if (tcp_flags & tcp_flag::kSyn) (out ? m.tcp.syn_out : m.tcp.syn_in) = true;
    if (tcp_flags & tcp_flag::kFin) (out ? m.tcp.fin_out : m.tcp.fin_in) = true;
    if (tcp_flags & tcp_flag::kRst) m.tcp.rst = true;
  }
  // RFC 4787 REQ-6 / RFC 5382: outbound refreshes; so does inbound (Linux), which keeps a
  // server-push flow alive.
  m.expires = now + timeout(m);
  // A later deadline is found when the armed one comes; an earlier one (a TCP connection
  // closing) needs arming now.
  if (m.expires < slot.armed) arm(index, m.expires);
}

void Nat::arm(std::uint32_t index, Instant at) {
  slots_[index].armed = at;
  deadlines_.push_back({at, index, slots_[index].generation});
  std::push_heap(deadlines_.begin(), deadlines_.end(), std::greater<>{});
}

void Nat::poll(Instant now) {
  while (!deadlines_.empty() && deadlines_.front().at <= now) {
    std::pop_heap(deadlines_.begin(), deadlines_.end(), std::greater<>{});
    const Deadline d = deadlines_.back();
    deadlines_.pop_back();
    Slot& slot = slots_[d.slot];
    if (!slot.live || slot.generation != d.generation || slot.armed != d.at) continue;
    if (slot.mapping.expires > now) {  // used since: wait for the new deadline
      arm(d.slot, slot.mapping.expires);
      continue;
    }
    expire(now, d.slot);
  }
}

std::optional<Instant> Nat::poll_at() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.front().at;
}

void Nat::expire(Instant now, std::uint32_t index) {
  Slot& slot = slots_[index];
  const NatMapping& m = slot.mapping;
  emit(now, NatEvent::What::kExpired, m);
  by_inside_.erase(inside_key(m.protocol, m.inside, m.inside_port));
  by_outside_.erase(outside_key(m.protocol, m.outside_port));
  slot.live = false;
  free_slots_.push_back(index);
  ++counters_.expired;
}

void Nat::emit(Instant now, NatEvent::What what, const NatMapping& m) {
  if (EventSink* sink = host_.event_sink()) {
    sink->on_event(Event{now, host_.name(), Layer::kInternet,
                         NatEvent{what, m.protocol, m.inside, m.inside_port, public_,
                                  m.outside_port, m.remote, m.remote_port}});
  }
}

// conntrack -L: "udp      17 117 src=192.168.0.10 dst=198.51.100.53 sport=49152 dport=53
// src=198.51.100.53 dst=203.0.113.2 sport=53 dport=49152 [ASSURED] mark=0 use=1", the original
// direction then the reply direction. Sorted by timeout left, then inside endpoint.
std::string Nat::format_conntrack(Instant now) const {
  std::vector<const NatMapping*> live;
  for (const Slot& slot : slots_) {
    if (slot.live) live.push_back(&slot.mapping);
  }
  std::sort(live.begin(), live.end(), [](const NatMapping* a, const NatMapping* b) {
    return std::tie(a->expires, a->inside, a->inside_port) <
           std::tie(b->expires, b->inside, b->inside_port);
  });
  std::string out;
  for (const NatMapping* m : live) {
    const std::int64_t left =
        std::max<std::int64_t>(0, (m->expires - now).as_nanos()) / 1'000'000'000;
    out += protocol_column(m->protocol);
    out += std::to_string(left) + " ";
    if (m->protocol == ip_proto::kTcp) out += std::string(m->tcp.name()) + " ";
    const auto endpoint = [&](Ipv4Address src, Ipv4Address dst, std::uint16_t sport,
                              std::uint16_t dport, bool request) {
      out += "src=" + src.to_string() + " dst=" + dst.to_string() + " ";
      if (m->protocol == ip_proto::kIcmp) {
        out += std::string("type=") + (request ? "8" : "0") +
               " code=0 id=" + std::to_string(request ? sport : dport) + " ";
      } else {
        out += "sport=" + std::to_string(sport) + " dport=" + std::to_string(dport) + " ";
      }
    };
    endpoint(m->inside, m->remote, m->inside_port, m->remote_port, true);
    if (!m->replied) out += "[UNREPLIED] ";
    endpoint(m->remote, public_, m->remote_port, m->outside_port, false);
    if (m->replied) out += "[ASSURED] ";
    out += "mark=0 use=1\n";
  }
  return out;
}

}  // namespace ws
