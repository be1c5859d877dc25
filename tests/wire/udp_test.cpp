#include "wirestack/wire/udp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "frames.h"

namespace ws {
namespace {

using test::to_vector;

// From dns_udp.pcap (tcpdump's test suite), frame 1: 192.168.1.11.43966 > 209.87.249.18.53, a
// 56-byte DNS query for www.tcpdump.org with UDP checksum 0x7824.
const Ipv4Address kSrc = Ipv4Address::of(192, 168, 1, 11);
const Ipv4Address kDst = Ipv4Address::of(209, 87, 249, 18);
constexpr std::uint8_t kDnsQuery[] = {
    0xab, 0xbe, 0x00, 0x35, 0x00, 0x40, 0x78, 0x24, 0x59, 0x34, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0x03, 0x77, 0x77, 0x77, 0x07, 0x74, 0x63, 0x70, 0x64, 0x75, 0x6d, 0x70,
    0x03, 0x6f, 0x72, 0x67, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08, 0x42, 0xf5, 0xd0, 0x09, 0x96, 0xf9, 0x0b, 0x13};

std::vector<std::uint8_t> emitted(const UdpRepr& r, Bytes payload, Ipv4Address src = kSrc,
                                  Ipv4Address dst = kDst) {
  std::vector<std::uint8_t> out(kUdpHeaderLen + payload.size(), 0xee);
  std::copy(payload.begin(), payload.end(),
            out.end() - static_cast<std::ptrdiff_t>(payload.size()));
  r.emit(out, src, dst);
  return out;
}

TEST(UdpPacket, EveryFieldOfACapturedDnsQuery) {
  auto p = UdpPacket::check(kDnsQuery);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->src_port(), 43966);
  EXPECT_EQ(p->dst_port(), 53);
  EXPECT_EQ(p->length(), 64);
  EXPECT_EQ(p->checksum(), 0x7824);
  EXPECT_TRUE(p->checksum_valid(kSrc, kDst));
  EXPECT_EQ(p->computed_checksum(kSrc, kDst), 0x7824);
  EXPECT_FALSE(p->checksum_valid(kSrc, Ipv4Address::of(209, 87, 249, 19)));  // pseudo-header
  EXPECT_EQ(p->payload().size(), 56u);
  EXPECT_EQ(p->payload()[0], 0x59);
}

TEST(UdpPacket, ShortBufferIsTruncatedLengthBelowEightIsBadLength) {
  for (std::size_t n = 0; n < kUdpHeaderLen; ++n) {
    auto p = UdpPacket::check(Bytes(kDnsQuery).first(n));
    ASSERT_FALSE(p.ok()) << n;
    EXPECT_EQ(p.error(), ParseError::kTruncated);
  }
  for (std::uint16_t len = 0; len < kUdpHeaderLen; ++len) {
    auto bytes = to_vector(kDnsQuery);
    store_be16(&bytes[4], len);
    auto p = UdpPacket::check(bytes);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error(), ParseError::kBadLength) << len;
  }
}

TEST(UdpPacket, LengthPastTheBufferIsTruncatedAndPayloadStopsAtTheLengthField) {
  EXPECT_EQ(UdpPacket::check(Bytes(kDnsQuery).first(63)).error(), ParseError::kTruncated);
  auto padded = to_vector(kDnsQuery);
  padded.resize(padded.size() + 6, 0);  // Ethernet padding after the datagram
  auto p = UdpPacket::check(padded);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payload().size(), 56u);
  EXPECT_TRUE(p->checksum_valid(kSrc, kDst));
}

TEST(UdpRepr, ParseAndEmitGiveBackTheCapturedBytes) {
  auto p = UdpPacket::check(kDnsQuery);
  auto r = UdpRepr::parse(*p, kSrc, kDst);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->src_port, 43966);
  EXPECT_EQ(r->dst_port, 53);
  EXPECT_EQ(r->checksum, 0x7824);
  EXPECT_TRUE(r->checksum_valid);
  EXPECT_EQ(emitted(*r, p->payload()), to_vector(kDnsQuery));
}

TEST(UdpRepr, BadChecksumIsAnErrorUnlessIgnored) {
  auto bytes = to_vector(kDnsQuery);
  bytes[10] ^= 1;
  auto p = UdpPacket::check(bytes);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(UdpRepr::parse(*p, kSrc, kDst).error(), ParseError::kBadChecksum);
  auto r = UdpRepr::parse(*p, kSrc, kDst, ChecksumCheck::kIgnore);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->checksum_valid);
  EXPECT_EQ(r->checksum, 0x7824);
}

TEST(UdpRepr, ZeroChecksumMeansNoneAndIsValid) {
  auto bytes = to_vector(kDnsQuery);
  bytes[6] = bytes[7] = 0;
  bytes[20] ^= 0xff;  // whatever the data, no checksum was sent
  auto p = UdpPacket::check(bytes);
  auto r = UdpRepr::parse(*p, kSrc, kDst);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->checksum_valid);
  EXPECT_EQ(r->checksum, 0);
}

TEST(UdpRepr, AComputedZeroChecksumIsSentAsAllOnes) {
  // Ports chosen so that the pseudo-header and header sum to 0xffff: the checksum computes to 0.
  UdpRepr r;
  r.src_port = 0;
  const Ipv4Address zero(0u);
  // sum = 17 (protocol) + 8 (length, twice: pseudo-header and header) + dst_port
  r.dst_port = static_cast<std::uint16_t>(0xffff - 17 - 8 - 8);
  const auto out = emitted(r, {}, zero, zero);
  EXPECT_EQ(load_be16(&out[6]), 0xffff);
  auto p = UdpPacket::check(out);
  EXPECT_TRUE(p->checksum_valid(zero, zero));
  EXPECT_EQ(p->computed_checksum(zero, zero), 0xffff);
}

TEST(UdpRepr, EmitOddLengthPayloadVerifies) {
  UdpRepr r{49152, 53};
  const std::uint8_t payload[] = {1, 2, 3, 4, 5};
  const auto out = emitted(r, payload);
  EXPECT_EQ(load_be16(&out[4]), 13);
  EXPECT_TRUE(UdpPacket::check(out)->checksum_valid(kSrc, kDst));
}

TEST(UdpRepr, PrintsLikeTcpdump) {
  EXPECT_EQ(UdpRepr{}.to_string(32), "UDP, length 32");
}

}  // namespace
}  // namespace ws
