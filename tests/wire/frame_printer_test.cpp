#include "wirestack/wire/frame_printer.h"

#include <gtest/gtest.h>

#include <vector>

#include "frames.h"
#include "wirestack/base/checksum.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

using test::kArpRequestFrame;
using test::kEchoFrame;
using test::to_vector;

constexpr std::size_t kIp = test::kEchoIpOffset;

void fix_ip_checksum(std::vector<std::uint8_t>& frame) {
  store_be16(&frame[kIp + 10], 0);
  store_be16(&frame[kIp + 10], internet_checksum(Bytes(frame).subspan(kIp, 20)));
}

// kEchoFrame cut into a fragment: `payload` bytes of IP payload at `offset`, MF as given.
std::vector<std::uint8_t> fragment(std::uint16_t offset, std::uint16_t payload, bool more) {
  std::vector<std::uint8_t> f = to_vector(kEchoFrame);
  f.resize(kIp + 20 + payload, 0x33);
  store_be16(&f[kIp + 2], static_cast<std::uint16_t>(20 + payload));
  store_be16(&f[kIp + 4], 0x1234);
  store_be16(&f[kIp + 6], static_cast<std::uint16_t>((more ? 0x2000 : 0) | offset / 8));
  fix_ip_checksum(f);
  return f;
}

TEST(DescribeFrame, EchoRequest) {
  EXPECT_EQ(describe_frame(kEchoFrame),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 64");
}

TEST(DescribeFrame, PaddedArpRequestReportsTheLinkPayloadLengthLikeTcpdump) {
  auto f = to_vector(kArpRequestFrame);
  EXPECT_EQ(describe_frame(f), "ARP, Request who-has 192.168.0.1 tell 192.168.0.10, length 28");
  f.resize(60, 0);
  EXPECT_EQ(describe_frame(f), "ARP, Request who-has 192.168.0.1 tell 192.168.0.10, length 46");
}

TEST(DescribeFrame, PaddedIpDatagramIgnoresThePadding) {
  auto f = to_vector(kEchoFrame);
  f.resize(f.size() + 6, 0);
  EXPECT_EQ(describe_frame(f),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 64");
}

TEST(DescribeFrame, VlanTaggedFrameLeadsWithTheTag) {
  std::vector<std::uint8_t> f(kEchoFrame, kEchoFrame + 12);
  f.insert(f.end(), {0x81, 0x00, 0x00, 0x0a});
  f.insert(f.end(), kEchoFrame + 12, kEchoFrame + sizeof kEchoFrame);
  EXPECT_EQ(describe_frame(f),
            "vlan 10, p 0, IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, "
            "length 64");
}

TEST(DescribeFrame, FragmentsCarryTcpdumpsFragNote) {
  EXPECT_EQ(describe_frame(fragment(0, 1480, true)),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 1480 "
            "(frag 4660:1480@0+)");
  EXPECT_EQ(describe_frame(fragment(1480, 1000, false)),
            "IP 192.168.0.10 > 198.51.100.7: ip-proto-1 (frag 4660:1000@1480)");
}

TEST(DescribeFrame, UnparsableLayersShowTheirTypedError) {
  EXPECT_EQ(describe_frame(Bytes(kEchoFrame).first(13)), "[|ether: truncated]");
  EXPECT_EQ(describe_frame(Bytes(kEchoFrame).first(33)), "IP [|ip: truncated]");
  EXPECT_EQ(describe_frame(Bytes(kEchoFrame).first(34)),  // a snap length cut the payload
            "IP 192.168.0.10 > 198.51.100.7: [|ip: truncated]");
  auto f = to_vector(kEchoFrame);
  f[kIp] = 0x44;
  EXPECT_EQ(describe_frame(f), "IP [|ip: bad header length]");
  f[kIp] = 0x65;
  EXPECT_EQ(describe_frame(f), "IP [|ip: bad version]");
  f[kIp] = 0x45;
  store_be16(&f[kIp + 2], 10);
  EXPECT_EQ(describe_frame(f), "IP [|ip: bad total length]");
  EXPECT_EQ(describe_frame(Bytes(kArpRequestFrame).first(30)), "ARP, [|arp: truncated]");
  auto icmp = to_vector(kEchoFrame);
  store_be16(&icmp[kIp + 2], 24);  // 4 bytes of ICMP
  fix_ip_checksum(icmp);
  EXPECT_EQ(describe_frame(icmp), "IP 192.168.0.10 > 198.51.100.7: ICMP [|icmp: truncated]");
}

TEST(DescribeFrame, BadChecksumsAreShownNotHidden) {
  auto f = to_vector(kEchoFrame);
  store_be16(&f[kIp + 10], 0xbeef);
  EXPECT_EQ(describe_frame(f),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 64 "
            "[bad ip cksum beef (->3376)!]");
  f = to_vector(kEchoFrame);
  f[36] = 0;
  EXPECT_EQ(describe_frame(f),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 64 "
            "(wrong icmp cksum fd (->22fd)!)");
}

TEST(DescribeFrame, ArpWithOddLengthsIsShownWithItsError) {
  // Like tcpdump, an IPv4 ARP with a 14-byte hardware address still shows its addresses.
  std::vector<std::uint8_t> f(kArpRequestFrame, kArpRequestFrame + 14);
  f.insert(f.end(), {0x00, 0x01, 0x08, 0x00, 14, 4, 0x00, 0x01});
  f.resize(14 + 46, 0);
  f[14 + 8 + 14 + 4] = 0x30;  // first byte of the target hardware address
  EXPECT_EQ(describe_frame(f),
            "ARP, Request who-has 0.0.0.0 (30:00:00:00:00:00:00:00:00:00:00:00:00:00) tell "
            "0.0.0.0, length 46 [|arp: bad length]");
  auto op = to_vector(kArpRequestFrame);
  op[21] = 9;
  EXPECT_EQ(describe_frame(op), "ARP, Unknown (9), length 28 [|arp: bad operation]");
}

TEST(DescribeFrame, OtherProtocolsAndEthertypesStillGetALine) {
  auto f = to_vector(kEchoFrame);
  f[kIp + 9] = 99;
  fix_ip_checksum(f);
  EXPECT_EQ(describe_frame(f), "IP 192.168.0.10 > 198.51.100.7: ip-proto-99 64");
  f = to_vector(kEchoFrame);
  f[12] = 0x86;
  f[13] = 0xdd;
  EXPECT_EQ(describe_frame(f),
            "02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 98");
}

TEST(DescribeIpv4, RawDatagramWithoutALinkHeader) {
  EXPECT_EQ(describe_ipv4(test::echo_ip()),
            "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 7213, seq 1, length 64");
}

}  // namespace
}  // namespace ws
