#include "wirestack/wire/dissection.h"

#include <cstdio>

#include "wirestack/wire/arp.h"
#include "wirestack/wire/dns.h"
#include "wirestack/wire/dns_dissection.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/http_line.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/transport_dissection.h"
#include "wirestack/wire/udp.h"

namespace ws {

void DissectedLayer::add(std::string_view field, std::string value) {
  fields.push_back({std::string(field), std::move(value)});
}

const std::string* Dissection::find(std::string_view field) const {
  for (const auto& layer : layers) {
    for (const auto& f : layer.fields) {
      if (f.name == field) return &f.value;
    }
  }
  return nullptr;
}

const DissectedLayer* Dissection::failed_layer() const {
  for (const auto& layer : layers) {
    if (layer.error) return &layer;
  }
  return nullptr;
}

namespace {

// Values in `tshark -T fields` style.
std::string dec(unsigned v) {
  return std::to_string(v);
}
std::string hex(unsigned v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", digits, v);
  return buf;
}
std::string flag(bool b) {
  return b ? "1" : "0";
}
// Bytes as `tshark -T fields` prints a byte string: "0a0b0c".
std::string hex_bytes(Bytes b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (const std::uint8_t byte : b) {
    s += kDigits[byte >> 4];
    s += kDigits[byte & 0xf];
  }
  return s;
}

// Wireshark's `*.checksum.status` values.
std::string checksum_status(bool verifiable, bool valid) {
  if (!verifiable) return "2";
  return valid ? "1" : "0";
}

// What a dissector hands on: the protocol of its payload and the payload's bytes.
enum class Protocol : std::uint8_t { kEnd, kEthernet, kArp, kIpv4, kIcmp, kUdp, kTcp };
struct Next {
  Protocol protocol = Protocol::kEnd;
  Bytes payload;
  // The payload is the first fragment of a datagram, so its checksum cannot be verified.
  bool fragment = false;
  // The IPv4 addresses, for the TCP/UDP pseudo-header.
  Ipv4Address src{};
  Ipv4Address dst{};
};

DissectedLayer& new_layer(Dissection& out, std::string name, std::string title) {
  return out.layers.emplace_back(DissectedLayer{std::move(name), std::move(title), {}, {}});
}

constexpr std::uint16_t kMax8023Length = 1500;

Protocol protocol_for_ethertype(std::uint16_t type) {
  switch (type) {
    case ethertype::kArp:
      return Protocol::kArp;
    case ethertype::kIpv4:
      return Protocol::kIpv4;
    default:
      return Protocol::kEnd;
  }
}

void dissect_vlan_tag(const EthernetRepr& eth, Dissection& out) {
  // Wireshark calls an 802.1ad tag "ieee8021ad" but names its type field "ieee8021ah.etype".
  const bool qinq = eth.vlan_tpid == ethertype::kQinQ;
  const std::string p = qinq ? "ieee8021ad" : "vlan";
  auto& tag = new_layer(out, p, qinq ? "IEEE 802.1ad" : "802.1Q Virtual LAN");
  const unsigned tci = *eth.vlan_tci;
  tag.add(p + ".priority", dec(tci >> 13));
  tag.add(p + ".dei", flag((tci >> 12) & 1));
  tag.add(p + ".id", dec(tci & 0xfff));
  tag.add(qinq ? "ieee8021ah.etype" : "vlan.etype", hex(eth.ethertype, 4));
}

Next dissect_ethernet(const Next& in, Dissection& out) {
  auto& layer = new_layer(out, "eth", "Ethernet II");
  const auto frame = EthernetFrame::check(in.payload);
  if (!frame) {
    layer.error = frame.error();
    return {};
  }
  const auto eth = EthernetRepr::parse(*frame);
  layer.add("eth.dst", eth.dst.to_string());
  layer.add("eth.src", eth.src.to_string());
  const std::uint16_t type = eth.vlan_tci ? eth.vlan_tpid : eth.ethertype;
  // IEEE 802.3: a value up to 1500 is the payload's length (LLC follows), not an ethertype.
  if (type <= kMax8023Length) {
    layer.title = "IEEE 802.3 Ethernet";
    layer.add("eth.len", dec(type));
    return {};
  }
  layer.add("eth.type", hex(type, 4));
  if (eth.vlan_tci) dissect_vlan_tag(eth, out);
  return {protocol_for_ethertype(eth.ethertype), frame->payload()};
}

// `side` is "src" or "dst". Wireshark shows a MAC and an IPv4 address only for Ethernet/IPv4
// sizes, and raw bytes otherwise.
void add_arp_addresses(DissectedLayer& layer, const ArpPacket& arp, std::string_view side, Bytes hw,
                       Bytes proto) {
  const std::string prefix = "arp." + std::string(side);
  const bool ether = (arp.hardware_type() == 1 || arp.hardware_type() == 6) && hw.size() == 6;
  if (ether) {
    layer.add(prefix + ".hw_mac", MacAddress::from_bytes(hw.data()).to_string());
  } else {
    layer.add(prefix + ".hw", hex_bytes(hw));
  }
  if (arp.protocol_type() == ethertype::kIpv4 && proto.size() == 4) {
    layer.add(prefix + ".proto_ipv4", Ipv4Address::from_bytes(proto.data()).to_string());
  } else {
    layer.add(prefix + ".proto", hex_bytes(proto));
  }
}

Next dissect_arp(const Next& in, Dissection& out) {
  auto& layer = new_layer(out, "arp", "Address Resolution Protocol");
  const auto arp = ArpPacket::check(in.payload);
  if (!arp) {
    layer.error = arp.error();
    return {};
  }
  layer.add("arp.hw.type", dec(arp->hardware_type()));
  layer.add("arp.proto.type", hex(arp->protocol_type(), 4));
  layer.add("arp.hw.size", dec(arp->hardware_len()));
  layer.add("arp.proto.size", dec(arp->protocol_len()));
  layer.add("arp.opcode", dec(arp->operation()));
  add_arp_addresses(layer, *arp, "src", arp->sender_hardware(), arp->sender_protocol());
  add_arp_addresses(layer, *arp, "dst", arp->target_hardware(), arp->target_protocol());
  if (const auto repr = ArpRepr::parse(*arp); !repr) layer.error = repr.error();
  return {};
}

Next dissect_ipv4(const Next& in, Dissection& out) {
  auto& layer = new_layer(out, "ip", "Internet Protocol Version 4");
  const auto ip = Ipv4Packet::check(in.payload);
  if (!ip) {
    // Like Wireshark, still show what the first byte claims.
    if (!in.payload.empty()) {
      layer.add("ip.version", dec(in.payload[0] >> 4));
      layer.add("ip.hdr_len", dec((in.payload[0] & 0xfu) * 4));
    }
    layer.error = ip.error();
    return {};
  }
  layer.add("ip.version", dec(ip->version()));
  layer.add("ip.hdr_len", dec(static_cast<unsigned>(ip->header_len())));
  layer.add("ip.dsfield", hex(ip->dscp_ecn(), 2));
  layer.add("ip.len", dec(ip->total_len()));
  layer.add("ip.id", hex(ip->ident(), 4));
  const unsigned flags = (ip->reserved_flag() ? 4u : 0u) | (ip->dont_fragment() ? 2u : 0u) |
                         (ip->more_fragments() ? 1u : 0u);
  layer.add("ip.flags", hex(flags, 2));
  layer.add("ip.flags.rb", flag(ip->reserved_flag()));
  layer.add("ip.flags.df", flag(ip->dont_fragment()));
  layer.add("ip.flags.mf", flag(ip->more_fragments()));
  layer.add("ip.frag_offset", dec(ip->frag_offset() / 8u));  // tshark 4.0 counts 8-byte units
  layer.add("ip.ttl", dec(ip->ttl()));
  layer.add("ip.proto", dec(ip->protocol()));
  layer.add("ip.checksum", hex(ip->checksum(), 4));
  layer.add("ip.checksum.status", checksum_status(true, ip->checksum_valid()));
  layer.add("ip.src", ip->src().to_string());
  layer.add("ip.dst", ip->dst().to_string());
  if (const auto repr = Ipv4Repr::parse(*ip, ChecksumCheck::kIgnore); !repr) {
    layer.error = repr.error();
    return {};
  }
  // Without reassembly, only a first fragment starts with the next header.
  if (ip->frag_offset() != 0) return {};
  switch (ip->protocol()) {
    case ip_proto::kIcmp:
      return {Protocol::kIcmp, ip->payload(), ip->more_fragments()};
    case ip_proto::kUdp:
      return {Protocol::kUdp, ip->payload(), ip->more_fragments(), ip->src(), ip->dst()};
    case ip_proto::kTcp:
      return {Protocol::kTcp, ip->payload(), ip->more_fragments(), ip->src(), ip->dst()};
    default:
      return {};
  }
}

// Types whose bytes 4-7 are an identifier and a sequence number (echo, timestamp, information,
// address mask), as Wireshark shows them.
bool icmp_has_ident_seq(std::uint8_t type) {
  return type == icmp_type::kEchoReply || type == icmp_type::kEchoRequest ||
         (type >= 13 && type <= 18);
}

Next dissect_icmp(const Next& in, Dissection& out) {
  auto& layer = new_layer(out, "icmp", "Internet Control Message Protocol");
  const auto icmp = IcmpPacket::check(in.payload);
  if (!icmp) {
    layer.error = icmp.error();
    return {};
  }
  layer.add("icmp.type", dec(icmp->type()));
  layer.add("icmp.code", dec(icmp->code()));
  layer.add("icmp.checksum", hex(icmp->checksum(), 4));
  layer.add("icmp.checksum.status", checksum_status(!in.fragment, icmp->checksum_valid()));
  if (icmp_has_ident_seq(icmp->type())) {
    layer.add("icmp.ident", dec(icmp->echo_ident()));
    layer.add("icmp.seq", dec(icmp->echo_seq()));
  }
  if (icmp->type() == icmp_type::kDestUnreachable && icmp->code() == icmp_unreach::kFragNeeded) {
    layer.add("icmp.mtu", dec(icmp->next_hop_mtu()));
  }
  if (const auto repr = IcmpRepr::parse(*icmp, ChecksumCheck::kIgnore); !repr) {
    layer.error = repr.error();
  }
  return {};
}

Next dissect(const Next& in, Dissection& out) {
  switch (in.protocol) {
    case Protocol::kEthernet:
      return dissect_ethernet(in, out);
    case Protocol::kArp:
      return dissect_arp(in, out);
    case Protocol::kIpv4:
      return dissect_ipv4(in, out);
    case Protocol::kIcmp:
      return dissect_icmp(in, out);
    case Protocol::kUdp:
      out.layers.push_back(dissect_udp(in.payload, in.src, in.dst, !in.fragment));
      // DNS on port 53 (RFC 1035 §4.2.1), when the datagram is whole and parsed.
      if (const auto udp = UdpPacket::check(in.payload);
          udp && !in.fragment && (udp->src_port() == dns::kPort || udp->dst_port() == dns::kPort)) {
        out.layers.push_back(dns::dissect_dns(udp->payload()));
      }
      return {};
    case Protocol::kTcp:
      out.layers.push_back(dissect_tcp(in.payload, in.src, in.dst, !in.fragment));
      // HTTP on its ports, for segments that start a message (Wireshark without reassembly).
      if (const auto tcp = TcpPacket::check(in.payload);
          tcp && !in.fragment && !out.layers.back().error &&
          (http_wire::is_http_port(tcp->src_port()) || http_wire::is_http_port(tcp->dst_port()))) {
        if (auto http = http_wire::dissect(tcp->payload())) out.layers.push_back(std::move(*http));
      }
      return {};
    case Protocol::kEnd:
      break;
  }
  return {};
}

}  // namespace

Dissection dissect_ethernet_frame(Bytes frame) {
  Dissection out;
  for (Next next{Protocol::kEthernet, frame}; next.protocol != Protocol::kEnd;) {
    next = dissect(next, out);
  }
  return out;
}

}  // namespace ws
