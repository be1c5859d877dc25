// ICMP (RFC 792, RFC 1122 §3.2.2): echo replies, errors in and out.
#include <algorithm>
#include <array>
#include <cstring>

#include "wirestack/internet/host.h"

namespace ws {
namespace {

// RFC 1122 §3.2.2: ICMP error types (never answered with another error).
bool is_icmp_error_type(std::uint8_t type) {
  return type == icmp_type::kDestUnreachable || type == 4 /* source quench */ ||
         type == 5 /* redirect */ || type == icmp_type::kTimeExceeded ||
         type == icmp_type::kParameterProblem;
}

}  // namespace

void Host::icmp_input(Instant now, const Ipv4Repr& ip, Bytes payload, bool to_broadcast) {
  ++counters_.icmp.in_msgs;
  auto view = IcmpPacket::check(payload);
  if (!view) {
    ++counters_.icmp.in_errors;
    return drop(now, DropReason::kIcmpMalformed, Layer::kInternet, payload);
  }
  auto parsed = IcmpRepr::parse(*view, ChecksumCheck::kVerify);
  if (!parsed) {
    ++counters_.icmp.in_errors;
    return drop(now,
                parsed.error() == ParseError::kBadChecksum ? DropReason::kIcmpBadChecksum
                                                           : DropReason::kIcmpMalformed,
                Layer::kInternet, payload);
  }
  const IcmpRepr& icmp = *parsed;
  emit(now, Layer::kInternet,
       IcmpEvent{false, icmp.type, icmp.code, ip.src, ip.dst, icmp.ident, icmp.seq});
  switch (icmp.kind) {
    case IcmpRepr::Kind::kEchoRequest:
      ++counters_.icmp.in_echos;
      // Linux's icmp_echo_ignore_broadcasts (RFC 1122 §3.2.2.6 allows either).
      if (to_broadcast) {
        return drop(now, DropReason::kIcmpBroadcastEchoIgnored, Layer::kInternet, payload);
      }
      return send_icmp(now, ip.dst, ip.src, IcmpRepr::echo_reply(icmp.ident, icmp.seq, icmp.data));
    case IcmpRepr::Kind::kEchoReply: {
      ++counters_.icmp.in_echo_reps;
      auto it = echo_listeners_.find(icmp.ident);
      if (it == echo_listeners_.end()) {
        return drop(now, DropReason::kIcmpNoListener, Layer::kInternet, payload);
      }
      return it->second->on_echo_reply(now, ip, icmp.seq, icmp.data);
    }
    case IcmpRepr::Kind::kDestUnreachable:
    case IcmpRepr::Kind::kTimeExceeded: {
      ++(icmp.kind == IcmpRepr::Kind::kDestUnreachable ? counters_.icmp.in_dest_unreachs
                                                       : counters_.icmp.in_time_excds);
      auto quoted = QuotedDatagram::parse(icmp.data);
      if (!quoted) {
        ++counters_.icmp.in_errors;
        return drop(now, DropReason::kIcmpMalformed, Layer::kInternet, payload);
      }
      return deliver_icmp_error(
          now, IcmpError{ip.src, icmp.type, icmp.code, icmp.next_hop_mtu, *quoted});
    }
    case IcmpRepr::Kind::kOther:
      break;
  }
  drop(now, DropReason::kIcmpUnhandledType, Layer::kInternet, payload);
}

void Host::deliver_icmp_error(Instant now, const IcmpError& error) {
  const QuotedDatagram& q = error.quoted;
  if (q.protocol == ip_proto::kIcmp) {
    // An error about our echo request goes to the ping client that sent it.
    if (q.payload.size() >= kIcmpHeaderLen && q.payload[0] == icmp_type::kEchoRequest) {
      auto it = echo_listeners_.find(load_be16(&q.payload[4]));
      if (it != echo_listeners_.end()) {
        return it->second->on_echo_error(now, error, load_be16(&q.payload[6]));
      }
    }
  } else if (IpProtocolHandler* handler = handlers_[q.protocol]) {
    return handler->on_icmp_error(now, error);
  }
  drop(now, DropReason::kIcmpNoListener, Layer::kInternet, q.header);
}

void Host::send_icmp(Instant now, Ipv4Address src, Ipv4Address dst, const IcmpRepr& icmp) {
  PacketBuffer buffer = icmp_out(now, src, dst, icmp);
  Ipv4Send send;
  send.dst = dst;
  send.src = src;
  send.protocol = ip_proto::kIcmp;
  send_ipv4(now, send, std::move(buffer));
}

PacketBuffer Host::icmp_out(Instant now, Ipv4Address src, Ipv4Address dst, const IcmpRepr& icmp) {
  ++counters_.icmp.out_msgs;
  switch (icmp.kind) {
    case IcmpRepr::Kind::kEchoRequest:
      ++counters_.icmp.out_echos;
      break;
    case IcmpRepr::Kind::kEchoReply:
      ++counters_.icmp.out_echo_reps;
      break;
    case IcmpRepr::Kind::kDestUnreachable:
      ++counters_.icmp.out_dest_unreachs;
      break;
    case IcmpRepr::Kind::kTimeExceeded:
      ++counters_.icmp.out_time_excds;
      break;
    case IcmpRepr::Kind::kOther:
      break;
  }
  emit(now, Layer::kInternet,
       IcmpEvent{true, icmp.type, icmp.code, src, dst, icmp.ident, icmp.seq});
  PacketBuffer buffer = take_buffer(icmp.len());
  icmp.emit(buffer.append(icmp.len()));
  return buffer;
}

void Host::icmp_error_through_hook(Instant now, Ipv4Address own, const IcmpRepr& icmp) {
  const auto owner = std::find_if(interfaces_.begin(), interfaces_.end(),
                                  [&](const auto& i) { return i->address() == own; });
  if (owner == interfaces_.end()) return;
  PacketBuffer buffer = icmp_out(now, own, own, icmp);
  Ipv4Repr ip;
  ip.src = own;
  ip.dst = own;
  ip.protocol = ip_proto::kIcmp;
  ip.ttl = config_.default_ttl;
  ip.ident = next_ip_id_++;
  ip.payload_len = static_cast<std::uint16_t>(buffer.size());
  ip.emit(buffer.prepend(ip.header_len()));
  hooked_input(now, **owner, buffer.data(), false);
  give_buffer(std::move(buffer));
}

void Host::send_icmp_error(Instant now, Bytes offending, std::uint8_t type, std::uint8_t code,
                           std::uint16_t mtu, Ipv4Address src, bool link_broadcast) {
  auto q = QuotedDatagram::parse(offending);
  if (!q) return;
  // RFC 1122 §3.2.2: never about an ICMP error, a broadcast or multicast, a fragment other than
  // the first, or a source that is not one host.
  if (link_broadcast || q->frag_offset != 0 || q->dst.is_multicast() ||
      is_broadcast_for_any(q->dst) || q->src.is_unspecified() || q->src.is_multicast() ||
      q->src.is_broadcast() || q->src.is_loopback()) {
    return;
  }
  if (q->protocol == ip_proto::kIcmp && (q->payload.empty() || is_icmp_error_type(q->payload[0]))) {
    return;
  }
  const auto error = [&] {
    return type == icmp_type::kTimeExceeded ? IcmpRepr::time_exceeded(code, offending)
                                            : IcmpRepr::dest_unreachable(code, offending, mtu);
  };
  // Our own address: with a hook on the path (a NAT) it may be one the hook wrote on someone
  // else's datagram, so the error goes through the hook as if it came from outside; the hook
  // sends it on to the inside host (as Linux's conntrack does with a router's own errors), or
  // it comes back here untranslated. Without one, our own datagram: tell the local sender
  // directly (Linux's "From <own address> ... Destination Host Unreachable").
  if (is_local_address(q->src)) {
    if (hook_) return icmp_error_through_hook(now, q->src, error());
    return deliver_icmp_error(now, IcmpError{q->src, type, code, mtu, *q});
  }
  if (!icmp_limiter_.allow(now)) {
    ++counters_.icmp.out_rate_limited;
    return drop(now, DropReason::kIcmpRateLimited, Layer::kInternet, offending);
  }
  send_icmp(now, src, q->src, error());
}

void Host::send_icmp_error_about(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint8_t type,
                                 std::uint8_t code) {
  // RFC 792: the quote is the IP header + the first 8 bytes of the payload; the header is
  // rebuilt from its Repr (same fields, so the same bytes).
  std::array<std::uint8_t, kIpv4MaxHeaderLen + 8> quote{};
  const std::size_t n = std::min<std::size_t>(payload.size(), 8);
  ip.emit(MutableBytes(quote).first(ip.header_len()));
  std::memcpy(quote.data() + ip.header_len(), payload.data(), n);
  send_icmp_error(now, Bytes(quote).first(ip.header_len() + n), type, code, 0, ip.dst);
}

}  // namespace ws
