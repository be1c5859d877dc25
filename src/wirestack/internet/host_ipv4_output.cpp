// IPv4 output (RFC 791, RFC 1122 §3.3): route lookup, header, fragmentation.
#include <algorithm>
#include <array>
#include <cstring>

#include "wirestack/internet/host.h"

namespace ws {
namespace {

// RFC 791 §3.1: options whose "copied" flag is set go into every fragment; the rest only into
// the first. Returns the length written to `out`, padded to a multiple of 4.
std::size_t copied_options(const std::uint8_t* options, std::size_t len,
                           std::array<std::uint8_t, 40>& out) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < len;) {
    const std::uint8_t type = options[i];
    if (type == 0) break;  // end of option list
    if (type == 1) {       // no-operation
      ++i;
      continue;
    }
    if (i + 1 >= len || options[i + 1] < 2 || i + options[i + 1] > len) break;
    const std::size_t option_len = options[i + 1];
    if (type & 0x80) {
      std::memcpy(out.data() + n, options + i, option_len);
      n += option_len;
    }
    i += option_len;
  }
  const std::size_t padded = (n + 3) & ~std::size_t{3};
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n),
            out.begin() + static_cast<std::ptrdiff_t>(padded), std::uint8_t{0});
  return padded;
}

}  // namespace

SendResult Host::send_ipv4(Instant now, const Ipv4Send& send, PacketBuffer&& payload) {
  ++counters_.ip.out_requests;
  Ipv4Repr ip;
  ip.dst = send.dst;
  ip.protocol = send.protocol;
  ip.ttl = send.ttl.value_or(config_.default_ttl);
  ip.dscp_ecn = send.dscp_ecn;
  ip.dont_fragment = send.dont_fragment;
  ip.ident = next_ip_id_++;
  ip.payload_len = static_cast<std::uint16_t>(payload.size());
  if (payload.size() + ip.header_len() > 0xffff) {
    ++counters_.ip.out_discards;
    give_buffer(std::move(payload));
    return SendResult::kTooBig;
  }
  if (is_local_address(send.dst)) {
    ip.src = send.src.is_unspecified() ? send.dst : send.src;
    if (loopback_.size() >= config_.loopback_queue) {
      ++counters_.ip.out_discards;
      drop(now, DropReason::kIpLoopbackQueueFull, Layer::kInternet, payload.data());
      give_buffer(std::move(payload));
      return SendResult::kDropped;
    }
    ip.emit(payload.prepend(ip.header_len()));
    if (loopback_.empty()) loopback_at_ = now;
    loopback_.push_back(std::move(payload));
    return SendResult::kSent;
  }
  // The limited broadcast leaves by the interface owning the given source (else the first),
  // never through a gateway.
  if (send.dst.is_broadcast() && !interfaces_.empty()) {
    auto by_src = std::find_if(interfaces_.begin(), interfaces_.end(),
                               [&](const auto& i) { return i->address() == send.src; });
    Interface& out = by_src != interfaces_.end() ? **by_src : *interfaces_.front();
    ip.src = send.src.is_unspecified() ? out.address() : send.src;
    return output(now, out, send.dst, ip, std::move(payload));
  }
  const Route* route = routes_.lookup(send.dst);
  if (!route) {
    ++counters_.ip.out_no_routes;
    drop(now, DropReason::kIpNoRoute, Layer::kInternet, payload.data());
    give_buffer(std::move(payload));
    return SendResult::kNoRoute;
  }
  ip.src = send.src.is_unspecified() ? route->source : send.src;
  const Ipv4Address next_hop = route->next_hop(send.dst);
  emit(now, Layer::kInternet,
       RouteEvent{send.dst, route->destination, next_hop, route->ifindex, false});
  return output(now, *interface(route->ifindex), next_hop, ip, std::move(payload));
}

SendResult Host::output(Instant now, Interface& out, Ipv4Address next_hop, const Ipv4Repr& ip,
                        PacketBuffer&& payload) {
  if (ip.total_len() <= out.mtu()) {
    ip.emit(payload.prepend(ip.header_len()));
    return neighbour_output(now, out, next_hop, std::move(payload));
  }
  if (ip.dont_fragment) {
    ++counters_.ip.frag_fails;
    drop(now, DropReason::kIpFragmentNeeded, Layer::kInternet, payload.data());
    give_buffer(std::move(payload));
    return SendResult::kTooBig;
  }
  fragment(now, out, next_hop, ip, payload.data());
  give_buffer(std::move(payload));
  return SendResult::kSent;
}

// RFC 791 §3.2 "An Example Fragmentation Procedure", also used by routers on a smaller link:
// a fragment of a fragment keeps the original offset and, on its last piece, the original MF.
void Host::fragment(Instant now, Interface& out, Ipv4Address next_hop, const Ipv4Repr& ip,
                    Bytes payload) {
  std::array<std::uint8_t, 40> later_options{};
  const std::size_t later_options_len =
      ip.options ? copied_options(ip.options, ip.options_len, later_options) : 0;
  std::size_t offset = 0;
  while (offset < payload.size()) {
    Ipv4Repr piece = ip;
    if (offset > 0) {
      piece.options = later_options_len ? later_options.data() : nullptr;
      piece.options_len = static_cast<std::uint8_t>(later_options_len);
    }
    const std::size_t room = out.mtu() > piece.header_len() ? out.mtu() - piece.header_len() : 0;
    const std::size_t max_data = room & ~std::size_t{7};
    if (max_data == 0) {  // an MTU below RFC 791's 68 bytes
      ++counters_.ip.frag_fails;
      return drop(now, DropReason::kIpFragmentNeeded, Layer::kInternet, payload);
    }
    const std::size_t n = std::min(max_data, payload.size() - offset);
    const bool last = offset + n == payload.size();
    piece.frag_offset = static_cast<std::uint16_t>(ip.frag_offset + offset);
    piece.more_fragments = !last || ip.more_fragments;
    piece.payload_len = static_cast<std::uint16_t>(n);
    PacketBuffer buffer = take_buffer(n);
    std::memcpy(buffer.append(n).data(), payload.data() + offset, n);
    piece.emit(buffer.prepend(piece.header_len()));
    ++counters_.ip.frag_creates;
    neighbour_output(now, out, next_hop, std::move(buffer));
    offset += n;
  }
  ++counters_.ip.frag_oks;
}

}  // namespace ws
