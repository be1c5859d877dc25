#include "wirestack/sim/journey_steps.h"

#include <algorithm>
#include <cstring>

#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws::sim {
namespace {

constexpr std::uint16_t kDnsPort = 53;

bool is(const char* state, const char* name) {
  return std::strcmp(state, name) == 0;
}

}  // namespace

const char* phase_key(Phase phase) {
  switch (phase) {
    case Phase::kArp:
      return "arp";
    case Phase::kDns:
      return "dns";
    case Phase::kHandshake:
      return "handshake";
    case Phase::kHttp:
      return "http";
    case Phase::kTeardown:
      return "teardown";
    case Phase::kOther:
      return "other";
  }
  return "other";
}

bool StepClassifier::is_router(std::string_view node) const {
  return std::find(cast_.routers.begin(), cast_.routers.end(), node) != cast_.routers.end();
}

// S7: the client and its gateway; S11: the last router and the server; S10: every other hop
// (JOURNEY.md: ARP happens wherever a next hop's MAC is not cached, not only at the ends).
int StepClassifier::arp_step(std::string_view node, Ipv4Address a, Ipv4Address b) const {
  if (node == cast_.client || a == cast_.client_ip || b == cast_.client_ip) return 7;
  if (node == cast_.server || a == cast_.server_ip || b == cast_.server_ip) return 11;
  return 10;
}

StepVerdict StepClassifier::classify(const Event& event) {
  StepVerdict v = std::visit(
      [&](const auto& e) -> StepVerdict {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, FrameEvent>) {
          return frame(event, e);
        } else if constexpr (std::is_same_v<T, ArpEvent>) {
          // An entry ageing out is bookkeeping, not a step (it happens wherever the story is).
          if (e.what == ArpEvent::What::kCacheExpired) return {last_step_, Phase::kArp};
          return {arp_step(event.node, e.ip, e.ip), Phase::kArp};
        } else if constexpr (std::is_same_v<T, RouteEvent>) {
          // S6: the client's own lookup (its gateway); everyone else's is routing (S10).
          return {!e.forwarded && event.node == cast_.client ? 6 : 10, Phase::kOther};
        } else if constexpr (std::is_same_v<T, ForwardEvent>) {
          return {10, Phase::kOther};
        } else if constexpr (std::is_same_v<T, NatEvent>) {
          return {9, Phase::kOther};
        } else if constexpr (std::is_same_v<T, TcpStateEvent>) {
          const bool client = event.node == cast_.client;
          if (client && is(e.to, "SYN-SENT")) return {1, Phase::kHandshake};
          if (is(e.to, "SYN-RECEIVED")) return {12, Phase::kHandshake};
          if (is(e.to, "ESTABLISHED")) return {8, Phase::kHandshake};
          if (client && is(e.to, "TIME-WAIT")) client_time_wait_ = true;
          if (is(e.from, "TIME-WAIT")) return {15, Phase::kTeardown};
          return {teardown_step(), Phase::kTeardown};
        } else if constexpr (std::is_same_v<T, TcpRetransmitEvent>) {
          if (final_ack_sent_) {
            fin_again_ = true;
            return {15, Phase::kTeardown};
          }
          return {last_step_ == 0 ? 8 : last_step_, Phase::kOther};
        } else if constexpr (std::is_same_v<T, DnsEvent>) {
          // S2: the client has only the name and asks for the address (or finds it cached).
          const bool client = event.node == cast_.client;
          const bool asks =
              e.what == DnsEvent::What::kQuerySent || e.what == DnsEvent::What::kCacheHit;
          return {client && asks ? 2 : 4, Phase::kDns};
        } else if constexpr (std::is_same_v<T, HttpEvent>) {
          // S12: the request reaches the application listening on port 80; S13: its answer.
          return {e.what == HttpEvent::What::kRequestReceived ? 12 : 13, Phase::kHttp};
        } else {
          return {last_step_, Phase::kOther};  // drops, ICMP: where the story is
        }
      },
      event.data);
  if (v.step != 0) last_step_ = v.step;
  return v;
}

StepVerdict StepClassifier::frame(const Event& event, const FrameEvent& f) {
  const bool router = is_router(event.node);
  const bool nat = event.node == cast_.nat_router;
  auto eth = EthernetFrame::check(f.frame);
  if (!eth) return {last_step_, Phase::kOther};
  if (eth->ethertype() == ethertype::kArp) {
    auto arp = ArpPacket::check(eth->payload());
    if (!arp || arp->protocol_len() != 4) return {10, Phase::kArp};
    return {arp_step(event.node, Ipv4Address::from_bytes(arp->sender_protocol().data()),
                     Ipv4Address::from_bytes(arp->target_protocol().data())),
            Phase::kArp};
  }
  auto ip = Ipv4Packet::check(eth->payload());
  if (eth->ethertype() != ethertype::kIpv4 || !ip) return {last_step_, Phase::kOther};
  const int hop_step = nat && f.direction == FrameEvent::Direction::kOut ? 9 : 10;
  if (ip->protocol() == ip_proto::kUdp) {
    auto udp = UdpPacket::check(ip->payload());
    if (!udp || (udp->src_port() != kDnsPort && udp->dst_port() != kDnsPort))
      return {last_step_, Phase::kOther};
    if (router) return {hop_step, Phase::kDns};
    // S4: the query leaves the client (and the resolver's recursion); S5: the answer comes
    // back as a bare UDP datagram, its 8-byte header dissected.
    const bool out = f.direction == FrameEvent::Direction::kOut;
    if (event.node == cast_.client) return {out ? 4 : 5, Phase::kDns};
    // S3: the question arrives at the server the client was configured with.
    if (event.node == cast_.resolver && !out && udp->dst_port() == kDnsPort)
      return {3, Phase::kDns};
    return {4, Phase::kDns};
  }
  if (ip->protocol() == ip_proto::kTcp) {
    auto tcp = TcpPacket::check(ip->payload());
    if (!tcp) return {last_step_, Phase::kOther};
    StepVerdict v = tcp_frame(event, f, tcp->src_port(), tcp->dst_port(),
                              static_cast<std::uint8_t>(tcp->flags()), tcp->payload().size());
    if (router) v.step = hop_step;
    return v;
  }
  return {router ? hop_step : last_step_, Phase::kOther};
}

StepVerdict StepClassifier::tcp_frame(const Event& event, const FrameEvent& f,
                                      std::uint16_t src_port, std::uint16_t dst_port,
                                      std::uint8_t flags, std::size_t payload_len) {
  const std::uint32_t key = (static_cast<std::uint32_t>(std::min(src_port, dst_port)) << 16) |
                            std::max(src_port, dst_port);
  Conversation& c = conversations_[key];
  const bool at_client = event.node == cast_.client;
  const bool out = f.direction == FrameEvent::Direction::kOut;
  if ((flags & tcp_flag::kSyn) != 0) {
    // S12: the server's transport layer sees DP 80 and finds the listening socket.
    const bool syn_in_at_server =
        event.node == cast_.server && !out && (flags & tcp_flag::kAck) == 0;
    return {syn_in_at_server ? 12 : 8, Phase::kHandshake};
  }
  if ((flags & (tcp_flag::kFin | tcp_flag::kRst)) != 0) {
    c.fin = true;
    return {teardown_step(), Phase::kTeardown};
  }
  if (payload_len > 0) {
    c.data = true;
    return {13, Phase::kHttp};
  }
  if (c.fin) {
    if (at_client && out && client_time_wait_) {
      const int step = final_ack_sent_ && fin_again_ ? 15 : 14;
      final_ack_sent_ = true;
      return {step, Phase::kTeardown};
    }
    return {teardown_step(), Phase::kTeardown};
  }
  return c.data ? StepVerdict{13, Phase::kHttp} : StepVerdict{8, Phase::kHandshake};
}

}  // namespace ws::sim
