// IPv4 input (RFC 791, RFC 1122 §3.2.1): validation, local delivery, reassembly, and
// forwarding on a router (RFC 1812 §5.2–5.3).
#include <algorithm>
#include <cstring>

#include "wirestack/internet/host.h"

namespace ws {
namespace {

// RFC 1812 §5.3.7 (martian sources): not a single host.
bool martian_source(Ipv4Address src) {
  return src.is_multicast() || src.is_broadcast() || src.is_loopback() ||
         (src.value() >> 28) == 0xf;  // class E
}

}  // namespace

void Host::ipv4_input(Instant now, Interface& iface, Bytes packet, bool link_broadcast) {
  ++counters_.ip.in_receives;
  auto view = Ipv4Packet::check(packet);
  if (!view) {
    ++counters_.ip.in_hdr_errors;
    return drop(now, DropReason::kIpMalformed, Layer::kInternet, packet);
  }
  auto parsed = Ipv4Repr::parse(*view, ChecksumCheck::kVerify);
  if (!parsed) {
    ++counters_.ip.in_hdr_errors;
    return drop(now,
                parsed.error() == ParseError::kBadChecksum ? DropReason::kIpBadChecksum
                                                           : DropReason::kIpMalformed,
                Layer::kInternet, packet);
  }
  const Ipv4Repr& ip = *parsed;
  const Bytes datagram = packet.first(view->total_len());  // without Ethernet padding
  if (martian_source(ip.src) || is_local_address(ip.src) || iface.is_broadcast(ip.src)) {
    ++counters_.ip.in_addr_errors;
    return drop(now, DropReason::kIpSourceInvalid, Layer::kInternet, datagram);
  }
  if (hook_) {
    if ((ip.more_fragments || ip.frag_offset != 0) && hook_->wants_whole_datagrams()) {
      return defragment_for_hook(now, iface, ip, *view, link_broadcast);
    }
    return hooked_input(now, iface, datagram, link_broadcast);
  }
  route_input(now, iface, *view, ip, datagram, link_broadcast);
}

// The hook rewrites a copy (the device's buffer is read-only); the rest of input sees the copy.
void Host::hooked_input(Instant now, Interface& iface, Bytes datagram, bool link_broadcast) {
  PacketBuffer buffer = take_buffer(datagram.size());
  std::memcpy(buffer.append(datagram.size()).data(), datagram.data(), datagram.size());
  if (auto reason = hook_->prerouting(now, iface, buffer.data())) {
    drop(now, *reason, Layer::kInternet, datagram);
  } else if (auto view = Ipv4Packet::check(buffer.data())) {
    if (auto ip = Ipv4Repr::parse(*view)) {
      route_input(now, iface, *view, *ip, buffer.data(), link_broadcast);
    } else {
      drop(now, DropReason::kIpMalformed, Layer::kInternet, buffer.data());
    }
  }
  give_buffer(std::move(buffer));
}

void Host::route_input(Instant now, Interface& iface, const Ipv4Packet& view, const Ipv4Repr& ip,
                       Bytes datagram, bool link_broadcast) {
  const bool to_broadcast = iface.is_broadcast(ip.dst);
  if (to_broadcast || is_local_address(ip.dst)) {
    if (ip.more_fragments || ip.frag_offset != 0) {
      return reassemble(now, iface, ip, view, to_broadcast || link_broadcast);
    }
    return deliver_local(now, iface, ip, view.payload(), datagram, to_broadcast || link_broadcast);
  }
  if (!config_.forwarding) {
    ++counters_.ip.in_addr_errors;
    return drop(now, DropReason::kIpNotForUs, Layer::kInternet, datagram);
  }
  forward(now, iface, ip, datagram, link_broadcast);
}

void Host::defragment_for_hook(Instant now, Interface& iface, const Ipv4Repr& ip,
                               const Ipv4Packet& packet, bool link_broadcast) {
  if (auto whole = add_fragment(now, transit_reassembler_, ip, packet)) {
    hooked_input(now, iface, *whole, link_broadcast);
  }
}

void Host::reassemble(Instant now, Interface& iface, const Ipv4Repr& ip, const Ipv4Packet& packet,
                      bool to_broadcast) {
  const std::optional<Bytes> datagram = add_fragment(now, reassembler_, ip, packet);
  if (!datagram) return;
  auto whole = Ipv4Packet::check(*datagram);
  if (!whole) return drop(now, DropReason::kIpFragmentMalformed, Layer::kInternet, *datagram);
  auto repr = Ipv4Repr::parse(*whole);
  if (!repr) return drop(now, DropReason::kIpFragmentMalformed, Layer::kInternet, *datagram);
  deliver_local(now, iface, *repr, whole->payload(), *datagram, to_broadcast);
}

std::optional<Bytes> Host::add_fragment(Instant now, Reassembler& reassembler, const Ipv4Repr& ip,
                                        const Ipv4Packet& packet) {
  ++counters_.ip.reasm_reqds;
  const Reassembler::Added added = reassembler.add(now, ip, packet.header(), packet.payload());
  DropReason reason = DropReason::kIpFragmentMalformed;
  switch (added.status) {
    case Reassembler::Status::kPending:
      return std::nullopt;
    case Reassembler::Status::kComplete:
      ++counters_.ip.reasm_oks;
      return added.datagram;
    case Reassembler::Status::kDuplicate:
      drop(now, DropReason::kIpFragmentDuplicate, Layer::kInternet, packet.bytes());
      return std::nullopt;
    case Reassembler::Status::kOverlap:
      reason = DropReason::kIpFragmentOverlap;
      break;
    case Reassembler::Status::kMalformed:
      reason = DropReason::kIpFragmentMalformed;
      break;
    case Reassembler::Status::kTableFull:
      reason = DropReason::kIpReassemblyOverflow;
      break;
  }
  ++counters_.ip.reasm_fails;
  drop(now, reason, Layer::kInternet, packet.bytes());
  return std::nullopt;
}

void Host::deliver_local(Instant now, Interface& iface, const Ipv4Repr& ip, Bytes payload,
                         Bytes datagram, bool to_broadcast) {
  if (ip.protocol == ip_proto::kIcmp) {
    ++counters_.ip.in_delivers;
    return icmp_input(now, ip, payload, to_broadcast);
  }
  if (IpProtocolHandler* handler = handlers_[ip.protocol]) {
    ++counters_.ip.in_delivers;
    return handler->on_datagram(now, ip, payload, iface.ifindex());
  }
  ++counters_.ip.in_unknown_protos;
  drop(now, DropReason::kIpUnknownProtocol, Layer::kInternet, datagram);
  send_icmp_error(now, datagram, icmp_type::kDestUnreachable, icmp_unreach::kProtocol, 0, ip.dst,
                  to_broadcast);
}

bool Host::is_broadcast_for_any(Ipv4Address a) const {
  return std::any_of(interfaces_.begin(), interfaces_.end(),
                     [&](const auto& i) { return i->is_broadcast(a); });
}

void Host::forward(Instant now, Interface& in, const Ipv4Repr& ip, Bytes datagram,
                   bool link_broadcast) {
  // RFC 1812 §5.3.4: nothing received as a link-layer broadcast, and no (directed) broadcast,
  // is forwarded (RFC 2644).
  if (link_broadcast || is_broadcast_for_any(ip.dst)) {
    ++counters_.ip.in_addr_errors;
    return drop(now, DropReason::kIpBroadcastNotForwarded, Layer::kInternet, datagram);
  }
  if (ip.dst.is_multicast()) {
    ++counters_.ip.in_addr_errors;
    return drop(now, DropReason::kIpMulticastNotForwarded, Layer::kInternet, datagram);
  }
  const Route* route = routes_.lookup(ip.dst);
  if (!route) {
    ++counters_.ip.out_no_routes;
    drop(now, DropReason::kIpNoRoute, Layer::kInternet, datagram);
    return send_icmp_error(now, datagram, icmp_type::kDestUnreachable, icmp_unreach::kNet, 0,
                           in.address());
  }
  const Ipv4Address next_hop = route->next_hop(ip.dst);
  emit(now, Layer::kInternet,
       RouteEvent{ip.dst, route->destination, next_hop, route->ifindex, true});
  // RFC 1812 §5.3.1: a datagram that would leave with TTL 0 is answered from the interface it
  // came in on.
  if (ip.ttl <= 1) {
    drop(now, DropReason::kIpTtlExpired, Layer::kInternet, datagram);
    return send_icmp_error(now, datagram, icmp_type::kTimeExceeded, icmp_time_exceeded::kTtl, 0,
                           in.address());
  }
  Interface& out = *interface(route->ifindex);
  PacketBuffer buffer = take_buffer(datagram.size());
  std::memcpy(buffer.append(datagram.size()).data(), datagram.data(), datagram.size());
  if (hook_) {
    if (auto reason = hook_->postrouting(now, in, out, buffer.data())) {
      drop(now, *reason, Layer::kInternet, datagram);
      return give_buffer(std::move(buffer));
    }
  }
  const auto ttl_out = static_cast<std::uint8_t>(ip.ttl - 1);
  emit(now, Layer::kInternet,
       ForwardEvent{ip.src, ip.dst, ip.ttl, ttl_out, in.ifindex(), out.ifindex()});
  ++counters_.ip.forw_datagrams;
  if (datagram.size() > out.mtu()) {
    if (ip.dont_fragment) {  // RFC 1191: say which MTU would do
      ++counters_.ip.frag_fails;
      drop(now, DropReason::kIpFragmentNeeded, Layer::kInternet, datagram);
      send_icmp_error(now, datagram, icmp_type::kDestUnreachable, icmp_unreach::kFragNeeded,
                      static_cast<std::uint16_t>(out.mtu()), in.address());
      return give_buffer(std::move(buffer));
    }
    // The header as it leaves (a hook may have rewritten it).
    Ipv4Repr shorter = *Ipv4Repr::parse(*Ipv4Packet::check(buffer.data()), ChecksumCheck::kIgnore);
    shorter.ttl = ttl_out;
    fragment(now, out, next_hop, shorter, buffer.data().subspan(shorter.header_len()));
    return give_buffer(std::move(buffer));
  }
  Ipv4PacketMut(buffer.data()).decrement_ttl();  // RFC 1624 incremental checksum
  neighbour_output(now, out, next_hop, std::move(buffer));
}

void Host::run_loopback(Instant now) {
  loopback_work_.swap(loopback_);
  for (PacketBuffer& buffer : loopback_work_) {
    auto view = Ipv4Packet::check(buffer.data());
    const Ipv4Address dst = view ? view->dst() : Ipv4Address::any();
    auto owner = std::find_if(interfaces_.begin(), interfaces_.end(),
                              [&](const auto& i) { return i->address() == dst; });
    if (owner != interfaces_.end()) {
      ++counters_.ip.in_receives;
      auto ip = Ipv4Repr::parse(*view);
      if (ip) deliver_local(now, **owner, *ip, view->payload(), buffer.data(), false);
    }
    give_buffer(std::move(buffer));
  }
  loopback_work_.clear();
}

}  // namespace ws
