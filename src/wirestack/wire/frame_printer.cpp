#include "wirestack/wire/frame_printer.h"

#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/text.h"

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

// What follows "IP " for a first fragment or a whole datagram. Transport printers that show
// ports ("192.168.0.10.49152 > 198.51.100.53.53: ...") get their own case here.
std::string describe_ipv4_payload(const Ipv4Packet& ip, bool fragmented) {
  const std::string addresses = ip.src().to_string() + " > " + ip.dst().to_string() + ": ";
  switch (ip.protocol()) {
    case ip_proto::kIcmp:
      return addresses + describe_icmp(ip.payload(), fragmented);
    default:
      return addresses + strprintf("ip-proto-%u %zu", ip.protocol(), ip.payload().size());
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
