// A host's Ethernet framing and ARP (RFC 826, RFC 1122 §2.3.2).
#include <algorithm>

#include "wirestack/internet/host.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"

namespace ws {
namespace {

constexpr std::size_t kMinFrameLen = 60;  // Ethernet minimum without FCS: pad up to it

// RFC 1112 §6.4: 01:00:5e + the low 23 bits of the group address.
MacAddress multicast_mac(Ipv4Address group) {
  const std::uint32_t v = group.value();
  return MacAddress({0x01, 0x00, 0x5e, static_cast<std::uint8_t>((v >> 16) & 0x7f),
                     static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}

}  // namespace

void Host::receive_frame(Instant now, Interface& iface, Bytes frame) {
  emit(now, Layer::kNetworkAccess,
       FrameEvent{FrameEvent::Direction::kIn, iface.ifindex(), iface.name(), frame});
  auto eth = EthernetFrame::check(frame);
  if (!eth) return drop(now, DropReason::kEthernetMalformed, Layer::kNetworkAccess, frame);
  const MacAddress dst = eth->dst();
  if (!iface.accepts(dst)) {
    return drop(now, DropReason::kEthernetNotForUs, Layer::kNetworkAccess, frame);
  }
  if (eth->vlan_tci()) {
    return drop(now, DropReason::kEthernetVlanUnsupported, Layer::kNetworkAccess, frame);
  }
  switch (eth->ethertype()) {
    case ethertype::kArp:
      return arp_input(now, iface, eth->payload());
    case ethertype::kIpv4:
      return ipv4_input(now, iface, eth->payload(), dst.is_multicast());
    default:  // IPv6 neighbour discovery, LLDP, ...: normal chatter we do not speak
      return drop(now, DropReason::kEthernetUnknownType, Layer::kNetworkAccess, frame);
  }
}

void Host::arp_input(Instant now, Interface& iface, Bytes packet) {
  auto view = ArpPacket::check(packet);
  if (!view) return drop(now, DropReason::kArpMalformed, Layer::kNetworkAccess, packet);
  auto parsed = ArpRepr::parse(*view);
  if (!parsed) return drop(now, DropReason::kArpMalformed, Layer::kNetworkAccess, packet);
  const ArpRepr& arp = *parsed;
  const bool request = arp.operation == ArpOperation::kRequest;
  ++(request ? counters_.arp.in_requests : counters_.arp.in_replies);
  const ArpEvent::What what = arp.is_gratuitous() ? ArpEvent::What::kGratuitousReceived
                              : request           ? ArpEvent::What::kRequestReceived
                                                  : ArpEvent::What::kReplyReceived;
  emit(now, Layer::kNetworkAccess, ArpEvent{what, iface.ifindex(), arp.sender_ip, arp.sender_mac});

  // A sender that is a group, or that claims our own MAC or IP address, teaches nothing.
  if (arp.sender_mac.is_multicast() || arp.sender_mac.is_zero() || arp.sender_mac == iface.mac() ||
      arp.sender_ip.is_multicast() || arp.sender_ip.is_broadcast() ||
      arp.sender_ip == iface.address()) {
    return drop(now, DropReason::kArpInvalidAddress, Layer::kNetworkAccess, packet);
  }
  // RFC 826 "Packet Reception": merge the sender into an existing entry; add it only when the
  // packet is for us (we are likely to talk back). A probe (RFC 5227, sender 0.0.0.0) teaches
  // nothing but still gets a reply.
  const bool for_us = arp.target_ip == iface.address();
  ArpCache::Change change = ArpCache::Change::kNone;
  if (!arp.sender_ip.is_unspecified()) {
    change = iface.arp().update(arp.sender_ip, arp.sender_mac, now, for_us);
  }
  switch (change) {
    case ArpCache::Change::kAdded:
      emit(now, Layer::kNetworkAccess,
           ArpEvent{ArpEvent::What::kCacheAdded, iface.ifindex(), arp.sender_ip, arp.sender_mac});
      break;
    case ArpCache::Change::kUpdated:
      emit(now, Layer::kNetworkAccess,
           ArpEvent{ArpEvent::What::kCacheUpdated, iface.ifindex(), arp.sender_ip, arp.sender_mac});
      while (auto queued = iface.arp().take_queued(arp.sender_ip)) {
        ethernet_output(now, iface, arp.sender_mac, ethertype::kIpv4, std::move(*queued));
      }
      break;
    case ArpCache::Change::kTableFull:
      drop(now, DropReason::kArpTableFull, Layer::kNetworkAccess, packet);
      break;
    case ArpCache::Change::kNone:
    case ArpCache::Change::kRefreshed:
      break;
  }
  if (!for_us) {
    if (change == ArpCache::Change::kNone) {
      drop(now, DropReason::kArpNotForUs, Layer::kNetworkAccess, packet);
    }
    return;
  }
  // Reply to every request for our address, unicast ones too (Linux's neighbour probes).
  if (request) {
    send_arp(now, iface, ArpOperation::kReply, arp.sender_mac, arp.sender_ip, arp.sender_mac);
  }
}

void Host::send_arp(Instant now, Interface& iface, ArpOperation op, MacAddress target_mac,
                    Ipv4Address target_ip, MacAddress frame_dst) {
  const ArpRepr arp{op, iface.mac(), iface.address(), target_mac, target_ip};
  PacketBuffer buffer = take_buffer(arp.len());
  arp.emit(buffer.append(arp.len()));
  const bool request = op == ArpOperation::kRequest;
  ++(request ? counters_.arp.out_requests : counters_.arp.out_replies);
  emit(now, Layer::kNetworkAccess,
       ArpEvent{request ? ArpEvent::What::kRequestSent : ArpEvent::What::kReplySent,
                iface.ifindex(), target_ip, target_mac});
  ethernet_output(now, iface, frame_dst, ethertype::kArp, std::move(buffer));
}

void Host::ethernet_output(Instant now, Interface& iface, MacAddress dst, std::uint16_t type,
                           PacketBuffer&& buffer) {
  const EthernetRepr eth{dst, iface.mac(), type, std::nullopt};
  eth.emit(buffer.prepend(eth.header_len()));
  if (buffer.size() < kMinFrameLen) {
    MutableBytes pad = buffer.append(kMinFrameLen - buffer.size());
    std::fill(pad.begin(), pad.end(), std::uint8_t{0});
  }
  emit(now, Layer::kNetworkAccess,
       FrameEvent{FrameEvent::Direction::kOut, iface.ifindex(), iface.name(), buffer.data()});
  iface.device().transmit(now, buffer.data());
  give_buffer(std::move(buffer));
}

SendResult Host::neighbour_output(Instant now, Interface& iface, Ipv4Address next_hop,
                                  PacketBuffer&& datagram) {
  if (iface.is_broadcast(next_hop)) {
    ethernet_output(now, iface, MacAddress::broadcast(), ethertype::kIpv4, std::move(datagram));
    return SendResult::kSent;
  }
  if (next_hop.is_multicast()) {
    ethernet_output(now, iface, multicast_mac(next_hop), ethertype::kIpv4, std::move(datagram));
    return SendResult::kSent;
  }
  if (const MacAddress* mac = iface.arp().lookup(next_hop)) {
    ethernet_output(now, iface, *mac, ethertype::kIpv4, std::move(datagram));
    return SendResult::kSent;
  }
  // Only this next hop waits: each address has its own queue (no head-of-line blocking).
  ArpCache::Enqueued queued = iface.arp().enqueue(next_hop, std::move(datagram), now);
  if (queued.send_request) {
    send_arp(now, iface, ArpOperation::kRequest, MacAddress::zero(), next_hop,
             MacAddress::broadcast());
  }
  if (queued.dropped) {
    ++counters_.ip.out_discards;
    drop(now, queued.table_full ? DropReason::kArpTableFull : DropReason::kArpQueueFull,
         Layer::kNetworkAccess, queued.dropped->data());
    give_buffer(std::move(*queued.dropped));
  }
  return queued.queued ? SendResult::kQueued : SendResult::kDropped;
}

void Host::run_arp_timers(Instant now, Interface& iface) {
  while (auto timeout = iface.arp().next_timeout(now)) {
    switch (timeout->kind) {
      case ArpCache::Timeout::Kind::kRetry:
        send_arp(now, iface, ArpOperation::kRequest, MacAddress::zero(), timeout->ip,
                 MacAddress::broadcast());
        break;
      case ArpCache::Timeout::Kind::kExpired:
        emit(now, Layer::kNetworkAccess,
             ArpEvent{ArpEvent::What::kCacheExpired, iface.ifindex(), timeout->ip, timeout->mac});
        break;
      case ArpCache::Timeout::Kind::kFailed:
        ++counters_.arp.resolution_failures;
        emit(now, Layer::kNetworkAccess,
             ArpEvent{ArpEvent::What::kResolutionFailed, iface.ifindex(), timeout->ip,
                      MacAddress{}});
        // RFC 1122 §2.3.2.2: each waiting datagram is dropped and its sender told.
        while (auto failed = iface.arp().take_failed()) {
          ++counters_.ip.out_discards;
          drop(now, DropReason::kArpResolutionFailed, Layer::kNetworkAccess, failed->data());
          send_icmp_error(now, failed->data(), icmp_type::kDestUnreachable, icmp_unreach::kHost, 0,
                          Ipv4Address::any());
          give_buffer(std::move(*failed));
        }
        break;
    }
  }
}

}  // namespace ws
