#include "wirestack/internet/host.h"

#include <algorithm>

namespace ws {
namespace {

// Frames up to this size (Ethernet MTU 1500 and some slack) come from the small pool; larger
// datagrams (before fragmentation, or on jumbo links) from the large one.
constexpr std::size_t kSmallBuffer = PacketBuffer::kDefaultHeadroom + 2048;
constexpr std::size_t kLargeBuffer = PacketBuffer::kDefaultHeadroom + 65536;
constexpr std::size_t kLargeBuffersKept = 8;

void earliest(std::optional<Instant>& at, std::optional<Instant> t) {
  if (t && (!at || *t < *at)) at = t;
}

}  // namespace

Host::Host(std::string name, Rng& rng, HostConfig config)
    : name_(std::move(name)),
      config_(config),
      reassembler_(config.reassembly),
      transit_reassembler_(config.reassembly),
      icmp_limiter_(config.icmp_rate_limit),
      small_pool_(kSmallBuffer),
      large_pool_(kLargeBuffer, kLargeBuffersKept),
      next_ip_id_(static_cast<std::uint16_t>(rng.next_u32())) {
  loopback_.reserve(config_.loopback_queue);
  loopback_work_.reserve(config_.loopback_queue);
}

Interface& Host::add_interface(InterfaceConfig config, Device& device) {
  const auto ifindex = static_cast<std::uint32_t>(interfaces_.size() + 1);
  auto& iface =
      *interfaces_.emplace_back(std::make_unique<Interface>(ifindex, std::move(config), device));
  routes_.add(Route{iface.cidr(), std::nullopt, ifindex, Route::Kind::kConnected, iface.address()});
  return iface;
}

Interface* Host::interface(std::uint32_t ifindex) {
  if (ifindex == 0 || ifindex > interfaces_.size()) return nullptr;
  return interfaces_[ifindex - 1].get();
}

bool Host::add_route(Ipv4Cidr destination, Ipv4Address gateway) {
  const Route* via = routes_.lookup(gateway);
  if (!via || via->gateway) return false;
  routes_.add(Route{destination, gateway, via->ifindex, Route::Kind::kStatic, via->source});
  return true;
}

void Host::register_protocol(std::uint8_t protocol, IpProtocolHandler* handler) {
  handlers_[protocol] = handler;
  registered_.clear();
  for (IpProtocolHandler* h : handlers_) {
    if (h && std::find(registered_.begin(), registered_.end(), h) == registered_.end()) {
      registered_.push_back(h);
    }
  }
}

void Host::end_poll(Instant now) {
  for (IpProtocolHandler* h : registered_) h->end_poll(now);
}

void Host::register_echo_listener(std::uint16_t ident, IcmpEchoListener* listener) {
  echo_listeners_[ident] = listener;
}

void Host::unregister_echo_listener(std::uint16_t ident) {
  echo_listeners_.erase(ident);
}

void Host::poll(Instant now) {
  run_loopback(now);
  for (auto& iface : interfaces_) {
    while (auto frame = iface->device().receive(now)) receive_frame(now, *iface, *frame);
  }
  for (auto& iface : interfaces_) run_arp_timers(now, *iface);
  while (auto expired = reassembler_.next_expired(now)) {
    ++counters_.ip.reasm_timeout;
    ++counters_.ip.reasm_fails;
    drop(now, DropReason::kIpReassemblyTimeout, Layer::kInternet, expired->quote);
    // RFC 792: time exceeded (fragment reassembly) only when fragment zero arrived.
    if (!expired->quote.empty()) {
      send_icmp_error(now, expired->quote, icmp_type::kTimeExceeded,
                      icmp_time_exceeded::kReassembly, 0, Ipv4Address::any());
    }
  }
  // Not the destination: no time exceeded (RFC 792 leaves that to the destination host, and
  // Linux's conntrack defragmentation keeps quiet too).
  while (auto expired = transit_reassembler_.next_expired(now)) {
    ++counters_.ip.reasm_timeout;
    ++counters_.ip.reasm_fails;
    drop(now, DropReason::kIpReassemblyTimeout, Layer::kInternet, expired->quote);
  }
}

std::optional<Instant> Host::poll_at() const {
  std::optional<Instant> at;
  if (!loopback_.empty()) at = loopback_at_;
  for (const auto& iface : interfaces_) {
    earliest(at, iface->arp().poll_at());
    earliest(at, iface->device().poll_at());
  }
  earliest(at, reassembler_.poll_at());
  earliest(at, transit_reassembler_.poll_at());
  return at;
}

PacketBuffer Host::take_buffer(std::size_t payload_len) {
  if (payload_len + PacketBuffer::kDefaultHeadroom + 64 <= kSmallBuffer) return small_pool_.take();
  return large_pool_.take();
}

void Host::give_buffer(PacketBuffer&& buffer) {
  (buffer.capacity() == kSmallBuffer ? small_pool_ : large_pool_).give(std::move(buffer));
}

std::optional<Ipv4Address> Host::source_address_for(Ipv4Address dst) const {
  if (is_local_address(dst)) return dst;
  const Route* route = routes_.lookup(dst);
  if (!route) return std::nullopt;
  return route->source;
}

bool Host::is_local_address(Ipv4Address a) const {
  return std::any_of(interfaces_.begin(), interfaces_.end(),
                     [&](const auto& i) { return i->address() == a; });
}

void Host::drop(Instant now, DropReason reason, Layer layer, Bytes packet) {
  counters_.drops.count(reason);
  emit(now, layer, DropEvent{reason, layer, packet});
}

std::string Host::format_neighbours() const {
  std::string out;
  for (const auto& iface : interfaces_) out += iface->format_neighbours();
  return out;
}

std::string Host::format_routes() const {
  return routes_.format_ip_route(
      [this](std::uint32_t i) { return std::string_view(interfaces_[i - 1]->name()); });
}

std::string Host::format_routes_netstat() const {
  return routes_.format_netstat(
      [this](std::uint32_t i) { return std::string_view(interfaces_[i - 1]->name()); });
}

std::string Host::format_counters() const {
  return format_netstat_s(counters_, config_.forwarding);
}

}  // namespace ws
