#include "wirestack/wire/frame_printer.h"

#include "wirestack/wire/arp.h"
#include "wirestack/wire/dns.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/http_line.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/text.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

std::string error_mark(const char* layer, ParseError e) {
  return strprintf("[|%s: %s]", layer, to_string(e));
}

std::string describe_icmp(Bytes packet, bool fragmented) {
  auto icmp = IcmpPacket::check(packet);
  if (!icmp) return "ICMP " + error_mark("icmp", icmp.error());
  auto repr = IcmpRepr::parse(*icmp, ChecksumCheck::kIgnore);
  if (!repr) return "ICMP " + error_mark("icmp", repr.error());
  // The checksum covers the whole datagram, so one fragment cannot be judged (tcpdump skips it).
  if (fragmented) repr->checksum_valid = true;
  return repr->to_string();
}

// "192.168.0.10.49152 > 198.51.100.53.53: ", or without ports when there is no room for them.
std::string addresses_and_ports(const Ipv4Packet& ip, Bytes transport) {
  if (transport.size() < 4) return ip.src().to_string() + " > " + ip.dst().to_string() + ": ";
  return strprintf("%s.%u > %s.%u: ", ip.src().to_string().c_str(), load_be16(&transport[0]),
                   ip.dst().to_string().c_str(), load_be16(&transport[2]));
}

// What follows "UDP" ports for a datagram's payload. Application protocols known by port print
// here instead of the default (DNS on port 53: "60784+ [1au] A? test.example. (53)").
std::string describe_udp_payload(const UdpRepr& udp, Bytes payload) {
  if (udp.src_port == dns::kPort || udp.dst_port == dns::kPort) {
    if (auto m = dns::DnsMessage::parse(payload)) return m->summary(payload.size());
  }
  return udp.to_string(payload.size());
}

// The checksum covers the whole datagram, so one fragment cannot be judged (tcpdump skips it).
std::string describe_udp(const Ipv4Packet& ip, bool fragmented) {
  const Bytes payload = ip.payload();
  auto udp = UdpPacket::check(payload);
  // A first fragment holds the header but not the whole length it announces; tcpdump counts
  // what the fragment holds.
  if (!udp && fragmented && payload.size() >= kUdpHeaderLen &&
      load_be16(&payload[4]) >= kUdpHeaderLen) {
    return UdpRepr{}.to_string(payload.size() - kUdpHeaderLen);
  }
  if (!udp) return "UDP " + error_mark("udp", udp.error());
  auto repr = UdpRepr::parse(*udp, ip.src(), ip.dst(), ChecksumCheck::kIgnore);
  std::string line = describe_udp_payload(*repr, udp->payload());
  if (!repr->checksum_valid && !fragmented) {
    line += strprintf(" [bad udp cksum %x (->%x)!]", repr->checksum,
                      udp->computed_checksum(ip.src(), ip.dst()));
  }
  return line;
}

std::string describe_tcp(const Ipv4Packet& ip, bool fragmented) {
  auto tcp = TcpPacket::check(ip.payload());
  if (!tcp) return error_mark("tcp", tcp.error());
  auto repr = TcpRepr::parse(*tcp, ip.src(), ip.dst(), ChecksumCheck::kIgnore);
  if (!repr) return error_mark("tcp", repr.error());
  std::string line = repr->to_string(tcp->payload().size(), tcp->options());
  // HTTP on its ports, as tcpdump prints it: ": HTTP: GET / HTTP/1.1".
  if (!tcp->payload().empty() &&
      (http_wire::is_http_port(repr->src_port) || http_wire::is_http_port(repr->dst_port))) {
    line += ": " + http_wire::describe(tcp->payload());
  }
  if (!repr->checksum_valid && !fragmented) {
    line += strprintf(" [bad tcp cksum %x (->%x)!]", repr->checksum,
                      tcp->computed_checksum(ip.src(), ip.dst()));
  }
  return line;
}

// What follows "IP " for a first fragment or a whole datagram.
std::string describe_ipv4_payload(const Ipv4Packet& ip, bool fragmented) {
  switch (ip.protocol()) {
    case ip_proto::kIcmp:
      return addresses_and_ports(ip, {}) + describe_icmp(ip.payload(), fragmented);
    case ip_proto::kUdp:
      return addresses_and_ports(ip, ip.payload()) + describe_udp(ip, fragmented);
    case ip_proto::kTcp:
      return addresses_and_ports(ip, ip.payload()) + describe_tcp(ip, fragmented);
    default:
      return addresses_and_ports(ip, {}) +
             strprintf("ip-proto-%u %zu", ip.protocol(), ip.payload().size());
  }
}

}  // namespace

std::string describe_ipv4(Bytes packet) {
  auto ip = Ipv4Packet::check(packet);
  if (!ip) {
    // A datagram cut short (by a capture's snap length, say) still shows its addresses.
    if (ip.error() == ParseError::kTruncated && packet.size() >= kIpv4MinHeaderLen) {
      return strprintf("IP %s > %s: %s", Ipv4Address::from_bytes(&packet[12]).to_string().c_str(),
                       Ipv4Address::from_bytes(&packet[16]).to_string().c_str(),
                       error_mark("ip", ip.error()).c_str());
    }
    return "IP " + error_mark("ip", ip.error());
  }
  auto repr = Ipv4Repr::parse(*ip, ChecksumCheck::kIgnore);
  if (!repr) return "IP " + error_mark("ip", repr.error());
  const bool fragmented = repr->more_fragments || repr->frag_offset != 0;
  std::string line = "IP ";
  if (repr->frag_offset == 0) {
    line += describe_ipv4_payload(*ip, fragmented);
  } else {  // a later fragment has no transport header to show
    line += strprintf("%s > %s: ip-proto-%u", repr->src.to_string().c_str(),
                      repr->dst.to_string().c_str(), repr->protocol);
  }
  // The classic tcpdump fragment note: id:length@offset, "+" while more follow.
  if (fragmented) {
    line += strprintf(" (frag %u:%u@%u%s)", repr->ident, repr->payload_len, repr->frag_offset,
                      repr->more_fragments ? "+" : "");
  }
  if (!repr->checksum_valid) {
    line += strprintf(" [bad ip cksum %x (->%x)!]", repr->checksum, ip->computed_checksum());
  }
  return line;
}

std::string describe_arp(Bytes packet) {
  auto arp = ArpPacket::check(packet);
  if (!arp) return "ARP, " + error_mark("arp", arp.error());
  std::string line = "ARP, " + arp_to_string(*arp, packet.size());
  if (auto repr = ArpRepr::parse(*arp); !repr) line += " " + error_mark("arp", repr.error());
  return line;
}

std::string describe_frame(Bytes frame) {
  auto eth = EthernetFrame::check(frame);
  if (!eth) return error_mark("ether", eth.error());
  // tcpdump shows a tag only with -e; a VLAN is worth seeing, so its TCI leads the line.
  const auto tci = eth->vlan_tci();
  const std::string vlan = tci ? vlan_tci_string(*tci) + ", " : std::string();
  switch (eth->ethertype()) {
    case ethertype::kIpv4:
      return vlan + describe_ipv4(eth->payload());
    case ethertype::kArp:
      return vlan + describe_arp(eth->payload());
    default:
      return EthernetRepr::parse(*eth).to_string() + strprintf(", length %zu", frame.size());
  }
}

}  // namespace ws
