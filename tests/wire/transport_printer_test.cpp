// describe_ipv4 for UDP and TCP: ports in the addresses, tcpdump -n -S's wording.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

const Ipv4Address kClient = Ipv4Address::of(192, 168, 0, 10);
const Ipv4Address kResolver = Ipv4Address::of(198, 51, 100, 53);
const Ipv4Address kWeb = Ipv4Address::of(203, 0, 113, 10);

// An IPv4 datagram from kClient to `dst` whose payload is `transport` bytes, emitted in place.
template <class Repr>
std::vector<std::uint8_t> datagram(std::uint8_t protocol, Ipv4Address dst, const Repr& repr,
                                   std::size_t header_len, std::size_t payload_len) {
  Ipv4Repr ip;
  ip.src = kClient;
  ip.dst = dst;
  ip.protocol = protocol;
  ip.payload_len = static_cast<std::uint16_t>(header_len + payload_len);
  std::vector<std::uint8_t> d(ip.total_len(), 0x61);
  ip.emit(d);
  repr.emit(MutableBytes(d).subspan(ip.header_len()), kClient, dst);
  return d;
}

TEST(DescribeUdp, PortsInTheAddressesAndThePayloadLength) {
  const UdpRepr udp{49152, 53};
  auto d = datagram(ip_proto::kUdp, kResolver, udp, kUdpHeaderLen, 32);
  EXPECT_EQ(describe_ipv4(d), "IP 192.168.0.10.49152 > 198.51.100.53.53: UDP, length 32");
  const UdpPacket packet = *UdpPacket::check(Bytes(d).subspan(kIpv4MinHeaderLen));
  const std::uint16_t sent = packet.checksum();
  d.back() ^= 1;
  char bad[80];
  std::snprintf(bad, sizeof bad, " [bad udp cksum %x (->%x)!]", sent,
                packet.computed_checksum(kClient, kResolver));
  EXPECT_EQ(describe_ipv4(d),
            "IP 192.168.0.10.49152 > 198.51.100.53.53: UDP, length 32" + std::string(bad));
}

TEST(DescribeUdp, LengthFieldBelowEightIsShownAsTheTypedError) {
  auto d = datagram(ip_proto::kUdp, kResolver, UdpRepr{1024, 53}, kUdpHeaderLen, 4);
  store_be16(&d[24], 0);
  EXPECT_EQ(describe_ipv4(d), "IP 192.168.0.10.1024 > 198.51.100.53.53: UDP [|udp: bad length]");
}

TEST(DescribeTcp, SynWithLinuxOptions) {
  TcpRepr syn;
  syn.src_port = 49152;
  syn.dst_port = 80;
  syn.seq = Seq(1000);
  syn.flags = tcp_flag::kSyn;
  syn.window = 64240;
  syn.options.mss = 1460;
  syn.options.sack_permitted = true;
  syn.options.timestamps = TcpOptions::Timestamps{1, 0};
  syn.options.window_scale = 7;
  const auto d = datagram(ip_proto::kTcp, kWeb, syn, syn.header_len(), 0);
  EXPECT_EQ(describe_ipv4(d),
            "IP 192.168.0.10.49152 > 203.0.113.10.80: Flags [S], seq 1000, win 64240, options "
            "[mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0");
}

TEST(DescribeTcp, DataBadChecksumAndMalformedOptions) {
  TcpRepr data;
  data.src_port = 49152;
  data.dst_port = 80;
  data.seq = Seq(1001);
  data.ack = Seq(5001);
  data.flags = tcp_flag::kPsh | tcp_flag::kAck;
  data.window = 502;
  auto d = datagram(ip_proto::kTcp, kWeb, data, data.header_len(), 78);
  // Port 80 data that starts no HTTP message: tcpdump's bare ": HTTP".
  EXPECT_EQ(describe_ipv4(d),
            "IP 192.168.0.10.49152 > 203.0.113.10.80: Flags [P.], seq 1001:1079, ack 5001, win "
            "502, length 78: HTTP");
  const TcpPacket packet = *TcpPacket::check(Bytes(d).subspan(kIpv4MinHeaderLen));
  const std::uint16_t sent = packet.checksum();
  d.back() ^= 0x10;
  char bad[80];
  std::snprintf(bad, sizeof bad, " [bad tcp cksum %x (->%x)!]", sent,
                packet.computed_checksum(kClient, kWeb));
  EXPECT_EQ(describe_ipv4(d),
            "IP 192.168.0.10.49152 > 203.0.113.10.80: Flags [P.], seq 1001:1079, ack 5001, win "
            "502, length 78: HTTP" +
                std::string(bad));
  d[20 + 12] = 0x60;  // data offset 6: four option bytes, here "a" "a" "a" "a" = kind 0x61 len 97
  EXPECT_EQ(describe_ipv4(d), "IP 192.168.0.10.49152 > 203.0.113.10.80: [|tcp: malformed]");
  d[20 + 12] = 0x40;
  EXPECT_EQ(describe_ipv4(d), "IP 192.168.0.10.49152 > 203.0.113.10.80: [|tcp: bad header length]");
}

}  // namespace
}  // namespace ws
