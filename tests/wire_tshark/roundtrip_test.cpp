// Parse -> emit gives back the captured bytes, for every well-formed header in the shared
// captures whose checksums verify.
#include <gtest/gtest.h>

#include "shared_captures.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {
namespace {

struct Counts {
  std::size_t ethernet = 0, arp = 0, ipv4 = 0, icmp = 0;
};

std::vector<std::uint8_t> emitted(std::size_t len, const auto& repr) {
  std::vector<std::uint8_t> out(len, 0xee);
  repr.emit(out);
  return out;
}

std::vector<std::uint8_t> copy(Bytes b) {
  return {b.begin(), b.end()};
}

void round_trip_icmp(const Ipv4Packet& ip, const std::string& where, Counts& n) {
  // Only a whole datagram carries a whole ICMP message.
  if (ip.frag_offset() != 0 || ip.more_fragments() || ip.protocol() != ip_proto::kIcmp) return;
  const auto packet = IcmpPacket::check(ip.payload());
  if (!packet) return;
  const auto icmp = IcmpRepr::parse(*packet, ChecksumCheck::kVerify);
  if (!icmp) return;
  EXPECT_EQ(emitted(icmp->len(), *icmp), copy(packet->bytes())) << where << " ICMP";
  ++n.icmp;
}

void round_trip(Bytes frame, const std::string& where, Counts& n) {
  const auto eth = EthernetFrame::check(frame);
  if (!eth) return;
  const auto eth_repr = EthernetRepr::parse(*eth);
  EXPECT_EQ(emitted(eth_repr.header_len(), eth_repr), copy(frame.first(eth->header_len())))
      << where << " Ethernet";
  ++n.ethernet;
  if (eth_repr.ethertype == ethertype::kArp) {
    const auto packet = ArpPacket::check(eth->payload());
    if (!packet) return;
    const auto arp = ArpRepr::parse(*packet);
    if (!arp) return;
    EXPECT_EQ(emitted(arp->len(), *arp), copy(eth->payload().first(kArpPacketLen)))
        << where << " ARP";
    ++n.arp;
  } else if (eth_repr.ethertype == ethertype::kIpv4) {
    const auto packet = Ipv4Packet::check(eth->payload());
    if (!packet) return;
    const auto ip = Ipv4Repr::parse(*packet, ChecksumCheck::kVerify);
    if (!ip) return;
    EXPECT_EQ(emitted(ip->header_len(), *ip), copy(packet->header())) << where << " IPv4";
    ++n.ipv4;
    round_trip_icmp(*packet, where, n);
  }
}

TEST(RoundTrip, ParseThenEmitGivesBackEveryValidEthernetArpIpv4IcmpHeader) {
  WS_REQUIRE_SHARED_PCAPS();
  Counts n;
  for (const auto& capture : read_shared_captures()) {
    for (const auto& frame : capture.frames) {
      round_trip(frame.data,
                 capture.path.filename().string() + " frame " + std::to_string(frame.number), n);
    }
  }
  std::cout << "round-tripped " << n.ethernet << " Ethernet, " << n.arp << " ARP, " << n.ipv4
            << " IPv4, " << n.icmp << " ICMP headers\n";
  EXPECT_GT(n.ethernet, 400u);
  EXPECT_GT(n.arp, 20u);
  EXPECT_GT(n.ipv4, 350u);
  EXPECT_GT(n.icmp, 15u);
}

}  // namespace
}  // namespace ws::test
