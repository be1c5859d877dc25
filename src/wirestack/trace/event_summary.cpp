#include "wirestack/trace/event_summary.h"

#include "wirestack/application/http/status.h"
#include "wirestack/wire/dns.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

const char* arp_what(ArpEvent::What what) {
  switch (what) {
    case ArpEvent::What::kRequestSent: return "request sent";
    case ArpEvent::What::kReplySent: return "reply sent";
    case ArpEvent::What::kRequestReceived: return "request received";
    case ArpEvent::What::kReplyReceived: return "reply received";
    case ArpEvent::What::kGratuitousReceived: return "gratuitous received";
    case ArpEvent::What::kCacheAdded: return "cache add";
    case ArpEvent::What::kCacheUpdated: return "cache update";
    case ArpEvent::What::kCacheExpired: return "cache expire";
    case ArpEvent::What::kResolutionFailed: return "resolution failed";
  }
  return "?";
}

// The innermost protocol of a frame that we can name, for filtering and colouring.
std::string frame_protocol(Bytes frame) {
  auto eth = EthernetFrame::check(frame);
  if (!eth) return "eth";
  if (eth->ethertype() == ethertype::kArp) return "arp";
  if (eth->ethertype() != ethertype::kIpv4) return "eth";
  auto ip = Ipv4Packet::check(eth->payload());
  if (!ip) return "ip";
  switch (ip->protocol()) {
    case ip_proto::kIcmp: return "icmp";
    case ip_proto::kUdp: return "udp";
    case ip_proto::kTcp: return "tcp";
    default: return "ip";
  }
}

std::string endpoints(const TcpEndpoints& e) {
  return e.local.to_string() + ":" + std::to_string(e.local_port) + " > " + e.remote.to_string() +
         ":" + std::to_string(e.remote_port);
}

const char* protocol_name(std::uint8_t protocol) {
  switch (protocol) {
    case ip_proto::kIcmp: return "icmp";
    case ip_proto::kUdp: return "udp";
    case ip_proto::kTcp: return "tcp";
    default: return "ip";
  }
}

const char* nat_what(NatEvent::What what) {
  switch (what) {
    case NatEvent::What::kCreated: return "created";
    case NatEvent::What::kUsed: return "used";
    case NatEvent::What::kExpired: return "expired";
  }
  return "?";
}

bool http_is_response(HttpEvent::What what) {
  return what == HttpEvent::What::kResponseSent || what == HttpEvent::What::kResponseReceived;
}

// "A? www.google.com." as tcpdump writes a question.
std::string dns_question(const DnsEvent& e) {
  return dns::type_name(e.type) + "? " + std::string(e.name);
}

std::string dns_summary(const DnsEvent& e) {
  const std::string server = e.server.to_string();
  switch (e.what) {
    case DnsEvent::What::kQuerySent:
      return "dns query " + std::to_string(e.id) + " " + dns_question(e) + " to " + server +
             " from port " + std::to_string(e.local_port);
    case DnsEvent::What::kResponseReceived:
      return "dns response " + std::to_string(e.id) + " " + dns::rcode_name(e.rcode) + " " +
             std::to_string(e.answers) + " answers from " + server + " (" +
             std::to_string(e.bytes) + " bytes)";
    case DnsEvent::What::kReferral:
      return "dns referral to " + std::string(e.zone) + " from " + server + " for " +
             dns_question(e);
    case DnsEvent::What::kCacheHit:
      return "dns cache hit " + dns_question(e);
    case DnsEvent::What::kResolved:
      return "dns resolved " + dns_question(e) + " " + dns::rcode_name(e.rcode) + " " +
             std::to_string(e.answers) + " records";
    case DnsEvent::What::kTimeout:
      return "dns timeout " + std::to_string(e.id) + " " + dns_question(e) + " to " + server;
    case DnsEvent::What::kResponseDropped:
      return std::string("dns response dropped (") + e.reason + ") " + std::to_string(e.id) +
             " from " + server + " to port " + std::to_string(e.local_port);
  }
  return "dns ?";
}

struct Summarizer {
  std::string operator()(const FrameEvent& e) const {
    return std::string(e.ifname) + (e.direction == FrameEvent::Direction::kIn ? " < " : " > ") +
           describe_frame(e.frame);
  }
  std::string operator()(const ArpEvent& e) const {
    std::string s = std::string("arp ") + arp_what(e.what) + " " + e.ip.to_string();
    if (!e.mac.is_zero()) s += " at " + e.mac.to_string();
    return s + " (if " + std::to_string(e.ifindex) + ")";
  }
  std::string operator()(const RouteEvent& e) const {
    std::string s = std::string(e.forwarded ? "forward route " : "route ") + e.dst.to_string() +
                    " via " + e.matched.to_string();
    if (e.next_hop != e.dst) s += " gateway " + e.next_hop.to_string();
    return s + " (if " + std::to_string(e.ifindex) + ")";
  }
  std::string operator()(const ForwardEvent& e) const {
    return "forward " + e.src.to_string() + " > " + e.dst.to_string() + " ttl " +
           std::to_string(e.ttl_in) + " -> " + std::to_string(e.ttl_out) + " (if " +
           std::to_string(e.in_ifindex) + " -> " + std::to_string(e.out_ifindex) + ")";
  }
  std::string operator()(const IcmpEvent& e) const {
    return std::string("icmp ") + (e.sent ? "sent" : "received") + " type " +
           std::to_string(e.type) + " code " + std::to_string(e.code) + " " + e.src.to_string() +
           " > " + e.dst.to_string();
  }
  std::string operator()(const DropEvent& e) const {
    return std::string("drop: ") + to_string(e.reason);
  }
  std::string operator()(const TcpStateEvent& e) const {
    return "tcp " + endpoints(e.endpoints) + " " + e.from + " -> " + e.to;
  }
  std::string operator()(const TcpRetransmitEvent& e) const {
    return "tcp " + endpoints(e.endpoints) + (e.timeout ? " retransmit (timeout) seq " : " fast retransmit seq ") +
           std::to_string(e.seq) + " len " + std::to_string(e.len);
  }
  std::string operator()(const NatEvent& e) const {
    return std::string("nat ") + protocol_name(e.protocol) + " " + e.inside.to_string() + ":" +
           std::to_string(e.inside_port) + " as " + e.outside.to_string() + ":" +
           std::to_string(e.outside_port) + " to " + e.remote.to_string() + ":" +
           std::to_string(e.remote_port) + " " + nat_what(e.what);
  }
  // "http request sent: GET /", "http response received: 200 OK for GET / (1024 bytes)"
  std::string operator()(const HttpEvent& e) const {
    const bool response = http_is_response(e.what);
    const bool sent =
        e.what == HttpEvent::What::kRequestSent || e.what == HttpEvent::What::kResponseSent;
    std::string s = std::string(response ? "http response " : "http request ") +
                    (sent ? "sent: " : "received: ");
    if (response) s += std::to_string(e.status) + " " + http::reason_phrase(e.status) + " for ";
    s += std::string(e.method) + " " + std::string(e.target);
    if (response || e.content_bytes > 0) s += " (" + std::to_string(e.content_bytes) + " bytes)";
    return s;
  }
  std::string operator()(const DnsEvent& e) const { return dns_summary(e); }
};

struct Kind {
  const char* operator()(const FrameEvent&) const { return "frame"; }
  const char* operator()(const ArpEvent&) const { return "arp"; }
  const char* operator()(const RouteEvent&) const { return "route"; }
  const char* operator()(const ForwardEvent&) const { return "forward"; }
  const char* operator()(const IcmpEvent&) const { return "icmp"; }
  const char* operator()(const DropEvent&) const { return "drop"; }
  const char* operator()(const TcpStateEvent&) const { return "tcp_state"; }
  const char* operator()(const TcpRetransmitEvent&) const { return "tcp_retransmit"; }
  const char* operator()(const NatEvent&) const { return "nat"; }
  const char* operator()(const HttpEvent& e) const {
    return http_is_response(e.what) ? "http_response" : "http_request";
  }
  const char* operator()(const DnsEvent&) const { return "dns"; }
};

}  // namespace

std::string event_summary(const Event& event) { return std::visit(Summarizer{}, event.data); }

const char* event_kind(const Event& event) { return std::visit(Kind{}, event.data); }

std::string event_protocol(const Event& event) {
  if (const auto* f = std::get_if<FrameEvent>(&event.data)) return frame_protocol(f->frame);
  if (std::holds_alternative<ArpEvent>(event.data)) return "arp";
  if (std::holds_alternative<DnsEvent>(event.data)) return "dns";
  if (std::holds_alternative<IcmpEvent>(event.data)) return "icmp";
  if (const auto* n = std::get_if<NatEvent>(&event.data)) return protocol_name(n->protocol);
  if (std::holds_alternative<TcpStateEvent>(event.data) ||
      std::holds_alternative<TcpRetransmitEvent>(event.data)) {
    return "tcp";
  }
  if (std::holds_alternative<HttpEvent>(event.data)) return "http";
  if (std::holds_alternative<DropEvent>(event.data)) {
    if (event.layer == Layer::kTransport) {
      const auto* drop = std::get_if<DropEvent>(&event.data);
      return drop->reason >= DropReason::kUdpMalformed && drop->reason <= DropReason::kUdpQueueFull
                 ? "udp"
                 : "tcp";
    }
    return event.layer == Layer::kNetworkAccess ? "eth" : "ip";
  }
  return "ip";
}

}  // namespace ws
