// The NAT's rewriting of datagrams in place: addresses, ports or echo identifiers, and every
// checksum covering them, updated incrementally (RFC 1624), including inside ICMP errors
// (RFC 5508 §4.2: the quoted header is translated too).
#include <initializer_list>

#include "wirestack/base/checksum.h"
#include "wirestack/internet/nat.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

// A checksum field kept right while 16-bit words it covers change (RFC 1624 eqn. 3). Its own
// change is in turn a changed word for the checksum covering it: an ICMP error's checksum
// covers the quoted headers and their checksums.
class Checksum {
 public:
  Checksum() = default;  // nothing to keep (absent, zero in UDP, or not quoted)
  Checksum(std::uint8_t* field, Checksum* covering, bool udp = false)
      : field_(field), covering_(covering), udp_(udp) {}

  void changed(std::uint16_t old_word, std::uint16_t new_word) {
    if (!field_ || old_word == new_word) return;
    const std::uint16_t before = load_be16(field_);
    std::uint16_t after = checksum_update16(before, old_word, new_word);
    if (udp_ && after == 0) after = 0xffff;  // RFC 768: zero would mean "no checksum"
    store_be16(field_, after);
    if (covering_) covering_->changed(before, after);
  }

 private:
  std::uint8_t* field_ = nullptr;
  Checksum* covering_ = nullptr;
  bool udp_ = false;
};

void write16(std::uint8_t* p, std::uint16_t value, std::initializer_list<Checksum*> sums) {
  const std::uint16_t old = load_be16(p);
  store_be16(p, value);
  for (Checksum* sum : sums) {
    if (sum) sum->changed(old, value);
  }
}

void write32(std::uint8_t* p, std::uint32_t value, std::initializer_list<Checksum*> sums) {
  write16(p, static_cast<std::uint16_t>(value >> 16), sums);
  write16(p + 2, static_cast<std::uint16_t>(value), sums);
}

// Where a transport keeps what the NAT rewrites. ICMP echo has one identifier for both ways.
struct Layout {
  std::size_t src_port;
  std::size_t dst_port;
  std::size_t checksum;
  std::size_t min_len;
  bool pseudo_header;  // the checksum covers the IP addresses
};

std::optional<Layout> layout_for(std::uint8_t protocol, Bytes l4) {
  switch (protocol) {
    case ip_proto::kUdp:
      return Layout{0, 2, 6, kUdpHeaderLen, true};
    case ip_proto::kTcp:
      return Layout{0, 2, 16, kTcpMinHeaderLen, true};
    case ip_proto::kIcmp:
      if (!l4.empty() && (l4[0] == icmp_type::kEchoRequest || l4[0] == icmp_type::kEchoReply)) {
        return Layout{4, 4, 2, kIcmpHeaderLen, false};
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// The transport checksum of `l4` when present in it (a quote may stop before it).
Checksum transport_checksum(std::uint8_t protocol, const Layout& layout, MutableBytes l4,
                            Checksum* covering) {
  if (l4.size() < layout.checksum + 2) return {};
  std::uint8_t* field = l4.data() + layout.checksum;
  const bool udp = protocol == ip_proto::kUdp;
  if (udp && load_be16(field) == 0) return {};
  return Checksum(field, covering, udp);
}

bool is_icmp_error(std::uint8_t type) {
  return type == icmp_type::kDestUnreachable || type == 4 /* source quench */ ||
         type == 5 /* redirect */ || type == icmp_type::kTimeExceeded ||
         type == icmp_type::kParameterProblem;
}

constexpr std::size_t kSrc = 12;  // IPv4 header offsets
constexpr std::size_t kDst = 16;
constexpr std::size_t kIpChecksum = 10;

}  // namespace

std::optional<DropReason> Nat::translate_out(Instant now, MutableBytes datagram) {
  const auto view = Ipv4Packet::check(datagram);
  const std::uint8_t protocol = view->protocol();
  const std::size_t hl = view->header_len();
  MutableBytes l4 = datagram.subspan(hl, view->total_len() - hl);
  // The host reassembles fragments before the NAT sees them (wants_whole_datagrams, RFC 4787
  // REQ-14); a fragment here could not be translated (only the first carries the ports).
  if (view->more_fragments() || view->frag_offset() != 0) {
    ++counters_.untranslatable;
    return DropReason::kNatUntranslatable;
  }
  if (protocol == ip_proto::kIcmp && !l4.empty() && is_icmp_error(l4[0])) {
    return translate_icmp_error(datagram, Direction::kOut);
  }
  const auto layout = layout_for(protocol, l4);
  if (!layout || l4.size() < layout->min_len ||
      (protocol == ip_proto::kIcmp && l4[0] != icmp_type::kEchoRequest)) {
    ++counters_.untranslatable;
    return DropReason::kNatUntranslatable;
  }
  const std::uint16_t port = load_be16(&l4[layout->src_port]);
  bool created = false;
  auto index = lookup_inside(protocol, view->src(), port);
  if (!index) {
    index = create(now, protocol, view->src(), port);
    if (!index) {
      ++counters_.exhausted;
      return DropReason::kNatPortsExhausted;
    }
    created = true;
  }
  NatMapping* m = &slots_[*index].mapping;
  m->remote = view->dst();
  m->remote_port = load_be16(&l4[layout->dst_port]);
  Checksum ip_sum(&datagram[kIpChecksum], nullptr);
  Checksum l4_sum = transport_checksum(protocol, *layout, l4, nullptr);
  write32(&datagram[kSrc], public_.value(), {&ip_sum, layout->pseudo_header ? &l4_sum : nullptr});
  write16(&l4[layout->src_port], m->outside_port, {&l4_sum});
  touch(now, *index, Direction::kOut, protocol == ip_proto::kTcp ? load_be16(&l4[12]) & 0x1ff : 0);
  if (created) emit(now, NatEvent::What::kCreated, *m);
  ++counters_.translated_out;
  return std::nullopt;
}

std::optional<DropReason> Nat::translate_in(Instant now, MutableBytes datagram) {
  const auto view = Ipv4Packet::check(datagram);
  if (view->dst() != public_) return std::nullopt;  // routed through, not ours to translate
  const std::uint8_t protocol = view->protocol();
  const std::size_t hl = view->header_len();
  MutableBytes l4 = datagram.subspan(hl, view->total_len() - hl);
  if (protocol == ip_proto::kIcmp) {
    // Echo requests and anything else for the router itself go on to its own ICMP.
    if (l4.size() < kIcmpHeaderLen) return std::nullopt;
    if (is_icmp_error(l4[0])) return translate_icmp_error(datagram, Direction::kIn);
    if (l4[0] != icmp_type::kEchoReply) return std::nullopt;
  } else if (protocol != ip_proto::kUdp && protocol != ip_proto::kTcp) {
    return std::nullopt;
  }
  const auto layout = layout_for(protocol, l4);
  if (view->more_fragments() || view->frag_offset() != 0 || l4.size() < layout->min_len) {
    ++counters_.untranslatable;
    return DropReason::kNatUntranslatable;
  }
  // RFC 4787 §5 / RFC 5382 §4.3: no mapping, no entry (endpoint-independent filtering for
  // mapped ports).
  const auto index = lookup_outside(protocol, load_be16(&l4[layout->dst_port]));
  if (!index) {
    ++counters_.unsolicited;
    return DropReason::kNatUnsolicited;
  }
  NatMapping* m = &slots_[*index].mapping;
  Checksum ip_sum(&datagram[kIpChecksum], nullptr);
  Checksum l4_sum = transport_checksum(protocol, *layout, l4, nullptr);
  write32(&datagram[kDst], m->inside.value(), {&ip_sum, layout->pseudo_header ? &l4_sum : nullptr});
  write16(&l4[layout->dst_port], m->inside_port, {&l4_sum});
  touch(now, *index, Direction::kIn, protocol == ip_proto::kTcp ? load_be16(&l4[12]) & 0x1ff : 0);
  if (!m->replied) {
    m->replied = true;
    emit(now, NatEvent::What::kUsed, *m);
  }
  ++counters_.translated_in;
  return std::nullopt;
}

// RFC 5508 §4.2 (and RFC 5382 §7): an ICMP error quotes a datagram of a mapped flow going the
// other way. Inbound, the quote is what we sent out (public source): its source goes back to
// the inside endpoint, and so does the outer destination. Outbound (an inside host reporting
// on something that came in), the quote's destination and the outer source become public.
std::optional<DropReason> Nat::translate_icmp_error(MutableBytes datagram, Direction direction) {
  const auto view = Ipv4Packet::check(datagram);
  const std::size_t hl = view->header_len();
  MutableBytes icmp = datagram.subspan(hl, view->total_len() - hl);
  const bool in = direction == Direction::kIn;
  const auto refuse = [&]() -> std::optional<DropReason> {
    if (in) return std::nullopt;  // about the router's own traffic, or malformed: its ICMP decides
    ++counters_.untranslatable;
    return DropReason::kNatUntranslatable;
  };
  if (icmp.size() < kIcmpHeaderLen + kIpv4MinHeaderLen) return refuse();
  MutableBytes quote = icmp.subspan(kIcmpHeaderLen);
  const std::size_t quote_hl = std::size_t{quote[0] & 0x0fu} * 4;
  if ((quote[0] >> 4) != 4 || quote_hl < kIpv4MinHeaderLen || quote.size() < quote_hl + 8) {
    return refuse();
  }
  const std::uint8_t protocol = quote[9];
  MutableBytes quoted_l4 = quote.subspan(quote_hl);
  const auto layout = layout_for(protocol, quoted_l4);
  if (!layout) return refuse();
  const std::size_t addr_at = in ? kSrc : kDst;
  const std::size_t port_at = in ? layout->src_port : layout->dst_port;
  const std::uint16_t port = load_be16(&quoted_l4[port_at]);
  const auto index = in ? lookup_outside(protocol, port)
                        : lookup_inside(protocol, Ipv4Address(load_be32(&quote[kDst])), port);
  if (!index || (in && load_be32(&quote[kSrc]) != public_.value())) return refuse();
  const NatMapping* m = &slots_[*index].mapping;

  const Ipv4Address addr = in ? m->inside : public_;
  Checksum ip_sum(&datagram[kIpChecksum], nullptr);
  Checksum icmp_sum(&icmp[2], nullptr);
  Checksum quote_ip_sum(&quote[kIpChecksum], &icmp_sum);
  Checksum quote_l4_sum = transport_checksum(protocol, *layout, quoted_l4, &icmp_sum);
  write32(&datagram[in ? kDst : kSrc], addr.value(), {&ip_sum});
  write32(&quote[addr_at], addr.value(),
          {&quote_ip_sum, layout->pseudo_header ? &quote_l4_sum : nullptr, &icmp_sum});
  write16(&quoted_l4[port_at], in ? m->inside_port : m->outside_port, {&quote_l4_sum, &icmp_sum});
  ++counters_.icmp_errors_translated;
  return std::nullopt;
}

}  // namespace ws
