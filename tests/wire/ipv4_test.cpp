#include "wirestack/wire/ipv4.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "frames.h"
#include "wirestack/base/checksum.h"
#include "wirestack/base/rng.h"

namespace ws {
namespace {

using test::echo_ip;
using test::to_vector;

// The worked example of an IPv4 header checksum found in most textbooks (and Wikipedia):
// 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7, followed by its UDP payload.
std::vector<std::uint8_t> textbook_datagram() {
  std::vector<std::uint8_t> d = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  d.resize(0x73, 0xab);
  return d;
}

// A header with 8 bytes of options: Router Alert (RFC 2113) then NOP, NOP, EOL, EOL.
std::vector<std::uint8_t> datagram_with_options() {
  Ipv4Repr r;
  r.src = Ipv4Address::of(10, 0, 0, 1);
  r.dst = Ipv4Address::of(224, 0, 0, 22);
  r.protocol = 2;
  r.ttl = 1;
  r.dscp_ecn = 0xc0;
  r.ident = 0x1234;
  r.payload_len = 16;
  const std::uint8_t options[] = {0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00};
  r.options = options;
  r.options_len = sizeof options;
  std::vector<std::uint8_t> d(r.total_len(), 0x5a);
  r.emit(d);
  return d;
}

TEST(Ipv4Packet, EveryFieldOfTheTextbookHeader) {
  const auto d = textbook_datagram();
  auto p = Ipv4Packet::check(d);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->version(), 4);
  EXPECT_EQ(p->header_len(), 20u);
  EXPECT_EQ(p->dscp_ecn(), 0);
  EXPECT_EQ(p->total_len(), 0x73);
  EXPECT_EQ(p->ident(), 0);
  EXPECT_TRUE(p->dont_fragment());
  EXPECT_FALSE(p->more_fragments());
  EXPECT_FALSE(p->reserved_flag());
  EXPECT_EQ(p->frag_offset(), 0);
  EXPECT_EQ(p->ttl(), 64);
  EXPECT_EQ(p->protocol(), ip_proto::kUdp);
  EXPECT_EQ(p->checksum(), 0xb861);
  EXPECT_TRUE(p->checksum_valid());
  EXPECT_EQ(p->computed_checksum(), 0xb861);
  EXPECT_EQ(p->src(), Ipv4Address::of(192, 168, 0, 1));
  EXPECT_EQ(p->dst(), Ipv4Address::of(192, 168, 0, 199));
  EXPECT_TRUE(p->options().empty());
  EXPECT_EQ(p->header().size(), 20u);
  EXPECT_EQ(p->payload().size(), 0x73u - 20);
  EXPECT_EQ(p->payload().data(), d.data() + 20);
}

TEST(Ipv4Packet, FlagsAndFragmentOffsetInBytes) {
  auto d = textbook_datagram();
  store_be16(&d[6], 0x8000 | 0x2000 | 185);  // reserved, MF, offset 185 * 8 = 1480
  auto p = Ipv4Packet::check(d);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->reserved_flag());
  EXPECT_FALSE(p->dont_fragment());
  EXPECT_TRUE(p->more_fragments());
  EXPECT_EQ(p->frag_offset(), 1480);
}

TEST(Ipv4Packet, HeaderLengthHonoursOptions) {
  const auto d = datagram_with_options();
  auto p = Ipv4Packet::check(d);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->header_len(), 28u);
  ASSERT_EQ(p->options().size(), 8u);
  EXPECT_EQ(p->options()[0], 0x94);
  EXPECT_EQ(p->payload().size(), 16u);
  EXPECT_EQ(p->payload().data(), d.data() + 28);
  EXPECT_TRUE(p->checksum_valid());
}

TEST(Ipv4Packet, EveryLengthShortOfTotalLengthIsTruncated) {
  for (const auto& d : {textbook_datagram(), datagram_with_options()}) {
    for (std::size_t n = 0; n < d.size(); ++n) {
      auto p = Ipv4Packet::check(Bytes(d).first(n));
      ASSERT_FALSE(p.ok()) << n;
      EXPECT_EQ(p.error(), ParseError::kTruncated) << n;
    }
    EXPECT_TRUE(Ipv4Packet::check(d).ok());
  }
}

TEST(Ipv4Packet, VersionOtherThan4IsRejected) {
  auto d = textbook_datagram();
  for (int v : {0, 5, 6, 15}) {
    d[0] = static_cast<std::uint8_t>((v << 4) | 5);
    EXPECT_EQ(Ipv4Packet::check(d).error(), ParseError::kBadVersion) << v;
  }
}

TEST(Ipv4Packet, IhlBelowFiveIsABadHeaderLength) {
  auto d = textbook_datagram();
  for (std::uint8_t ihl = 0; ihl < 5; ++ihl) {
    d[0] = static_cast<std::uint8_t>(0x40 | ihl);
    EXPECT_EQ(Ipv4Packet::check(d).error(), ParseError::kBadHeaderLength) << int{ihl};
  }
}

TEST(Ipv4Packet, TotalLengthBelowHeaderLengthIsRejected) {
  auto d = textbook_datagram();
  store_be16(&d[2], 19);
  EXPECT_EQ(Ipv4Packet::check(d).error(), ParseError::kBadTotalLength);
  store_be16(&d[2], 40);
  d[0] = 0x4f;  // 60-byte header in a 40-byte datagram
  EXPECT_EQ(Ipv4Packet::check(d).error(), ParseError::kBadTotalLength);
}

TEST(Ipv4Packet, EthernetPaddingAfterTotalLengthIsNotPayload) {
  auto d = textbook_datagram();
  d.resize(d.size() + 10, 0);
  auto p = Ipv4Packet::check(d);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->payload().size(), 0x73u - 20);
}

TEST(Ipv4Repr, ParsesEveryField) {
  auto r = Ipv4Repr::parse(*Ipv4Packet::check(echo_ip()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->src, Ipv4Address::of(192, 168, 0, 10));
  EXPECT_EQ(r->dst, Ipv4Address::of(198, 51, 100, 7));
  EXPECT_EQ(r->protocol, ip_proto::kIcmp);
  EXPECT_EQ(r->ttl, 64);
  EXPECT_EQ(r->dscp_ecn, 0);
  EXPECT_EQ(r->ident, 0x1c46);
  EXPECT_TRUE(r->dont_fragment);
  EXPECT_FALSE(r->more_fragments);
  EXPECT_FALSE(r->reserved_flag);
  EXPECT_EQ(r->frag_offset, 0);
  EXPECT_EQ(r->payload_len, 64);
  EXPECT_EQ(r->options_len, 0);
  EXPECT_EQ(r->options, nullptr);
  EXPECT_EQ(r->checksum, 0x3376);
  EXPECT_TRUE(r->checksum_valid);
  EXPECT_EQ(r->header_len(), 20u);
  EXPECT_EQ(r->total_len(), 84u);
}

TEST(Ipv4Repr, BadChecksumIsAnErrorWhenVerifiedAndReportedWhenIgnored) {
  auto d = to_vector(echo_ip());
  d[11] ^= 0x01;
  auto p = Ipv4Packet::check(d);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->checksum_valid());
  EXPECT_EQ(p->computed_checksum(), 0x3376);
  EXPECT_EQ(Ipv4Repr::parse(*p).error(), ParseError::kBadChecksum);
  EXPECT_EQ(Ipv4Repr::parse(*p, ChecksumCheck::kVerify).error(), ParseError::kBadChecksum);
  auto r = Ipv4Repr::parse(*p, ChecksumCheck::kIgnore);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->checksum_valid);
  EXPECT_EQ(r->checksum, 0x3377);
}

TEST(Ipv4Repr, FragmentReachingPast65535IsRejected) {
  auto d = textbook_datagram();
  store_be16(&d[6], 0x1fff);  // offset 65528 + 95 bytes of payload
  store_be16(&d[10], 0);
  store_be16(&d[10], internet_checksum(Bytes(d).first(20)));
  EXPECT_EQ(Ipv4Repr::parse(*Ipv4Packet::check(d)).error(), ParseError::kBadFragment);
}

TEST(Ipv4Repr, ParseThenEmitIsByteIdenticalWithAndWithoutOptions) {
  auto evil = textbook_datagram();
  store_be16(&evil[6], 0x8000 | 0x2000 | 3);  // every flag bit the repr keeps
  store_be16(&evil[10], 0);
  store_be16(&evil[10], internet_checksum(Bytes(evil).first(20)));
  for (const auto& d : {textbook_datagram(), datagram_with_options(), to_vector(echo_ip()), evil}) {
    auto p = Ipv4Packet::check(d);
    ASSERT_TRUE(p.ok());
    auto r = Ipv4Repr::parse(*p);
    ASSERT_TRUE(r.ok());
    std::vector<std::uint8_t> out(r->header_len());
    r->emit(out);
    EXPECT_EQ(out, to_vector(p->header()));
  }
}

TEST(Ipv4Repr, EmitInPlaceOverItsOwnParsedOptionsKeepsThem) {
  auto d = datagram_with_options();
  const auto before = d;
  auto r = *Ipv4Repr::parse(*Ipv4Packet::check(d));
  r.emit(d);
  EXPECT_EQ(d, before);
}

TEST(Ipv4Repr, EmittedHeaderVerifiesAndOptionlessLengthOptionsAreEolPadding) {
  Ipv4Repr r;
  r.src = Ipv4Address::of(10, 0, 0, 1);
  r.dst = Ipv4Address::of(10, 0, 0, 2);
  r.options_len = 4;  // no bytes given: End of Option List
  std::uint8_t h[24];
  std::memset(h, 0xff, sizeof h);
  r.emit(h);
  EXPECT_EQ(h[0], 0x46);
  EXPECT_EQ(load_be32(h + 20), 0u);
  EXPECT_EQ(internet_checksum(h), 0);
}

TEST(Ipv4PacketMut, TtlDecrementUpdatesChecksumLikeAFullRecomputation) {
  Rng rng(1624);
  for (int i = 0; i < 2000; ++i) {
    Ipv4Repr r;
    r.src = Ipv4Address(rng.next_u32());
    r.dst = Ipv4Address(rng.next_u32());
    r.protocol = static_cast<std::uint8_t>(rng.next_u32());
    r.ttl = static_cast<std::uint8_t>(1 + rng.next_u32() % 255);
    r.ident = static_cast<std::uint16_t>(rng.next_u32());
    r.payload_len = static_cast<std::uint16_t>(rng.next_u32() % 1480);
    std::uint8_t h[20];
    r.emit(h);
    Ipv4PacketMut(h).decrement_ttl();
    --r.ttl;
    std::uint8_t full[20];
    r.emit(full);
    ASSERT_EQ(h[8], r.ttl);
    ASSERT_EQ(load_be16(h + 10), load_be16(full + 10)) << "iteration " << i;
  }
}

TEST(Ipv4PacketMut, TtlDecrementFromEveryValueKeepsTheHeaderValid) {
  auto d = to_vector(echo_ip());
  d[8] = 255;
  store_be16(&d[10], 0);
  store_be16(&d[10], internet_checksum(Bytes(d).first(20)));
  for (int ttl = 254; ttl >= 0; --ttl) {
    Ipv4PacketMut(d).decrement_ttl();
    ASSERT_EQ(d[8], ttl);
    ASSERT_TRUE(Ipv4Packet::check(d)->checksum_valid()) << ttl;
  }
}

TEST(Ipv4PacketMut, TtlZeroIsNotDecrementedPastZero) {
  auto d = to_vector(echo_ip());
  d[8] = 0;
  store_be16(&d[10], 0);
  store_be16(&d[10], internet_checksum(Bytes(d).first(20)));
  const auto before = d;
  Ipv4PacketMut(d).decrement_ttl();
  EXPECT_EQ(d, before);
}

TEST(Ipv4PacketMut, AddressRewriteUpdatesChecksumLikeAFullRecomputation) {
  Rng rng(3022);
  auto d = to_vector(echo_ip());
  for (int i = 0; i < 1000; ++i) {
    const Ipv4Address src(rng.next_u32()), dst(rng.next_u32());
    Ipv4PacketMut m(d);
    m.set_src(src);
    m.set_dst(dst);
    auto r = *Ipv4Repr::parse(*Ipv4Packet::check(d));
    EXPECT_EQ(r.src, src);
    EXPECT_EQ(r.dst, dst);
    std::uint8_t full[20];
    r.emit(full);
    ASSERT_EQ(load_be16(&d[10]), load_be16(full + 10)) << "iteration " << i;
  }
}

TEST(Ipv4Repr, PrintsLikeTcpdumpVerbose) {
  auto r = *Ipv4Repr::parse(*Ipv4Packet::check(echo_ip()));
  EXPECT_EQ(r.to_string(),
            "(tos 0x0, ttl 64, id 7238, offset 0, flags [DF], proto ICMP (1), length 84)");
  r.dont_fragment = false;
  r.more_fragments = true;
  r.frag_offset = 1480;
  r.dscp_ecn = 0x03;
  r.protocol = ip_proto::kUdp;
  EXPECT_EQ(r.to_string(),
            "(tos 0x3,CE, ttl 64, id 7238, offset 1480, flags [+], proto UDP (17), length 84)");
  r.more_fragments = false;
  r.reserved_flag = true;
  r.protocol = 253;
  r.ttl = 0;  // tcpdump leaves a zero TTL out
  EXPECT_EQ(r.to_string(),
            "(tos 0x3,CE, id 7238, offset 1480, flags [rsvd], proto unknown (253), length 84)");
}

TEST(Ipv4Repr, PrintsABadChecksumWithTheRightOne) {
  auto d = to_vector(echo_ip());
  store_be16(&d[10], 0xbeef);
  auto r = *Ipv4Repr::parse(*Ipv4Packet::check(d), ChecksumCheck::kIgnore);
  EXPECT_EQ(r.to_string(),
            "(tos 0x0, ttl 64, id 7238, offset 0, flags [DF], proto ICMP (1), length 84, "
            "bad cksum beef (->3376)!)");
}

TEST(Ipv4Repr, PrintsOptionsLikeTcpdump) {
  const auto d = datagram_with_options();
  auto r = *Ipv4Repr::parse(*Ipv4Packet::check(d));
  EXPECT_EQ(r.to_string(),
            "(tos 0xc0, ttl 1, id 4660, offset 0, flags [none], proto IGMP (2), length 44, "
            "options (RA,NOP,NOP,EOL))");
  // Record Route with room for two addresses, one recorded (pointer 8), then EOL.
  const std::uint8_t rr[] = {0x07, 0x0b, 0x08, 10, 0, 0, 1, 0, 0, 0, 0, 0x00};
  r.options = rr;
  r.options_len = sizeof rr;
  EXPECT_NE(r.to_string().find("options (RR 10.0.0.1, 0.0.0.0,EOL)"), std::string::npos)
      << r.to_string();
  const std::uint8_t bad[] = {0x83, 0x30, 0x00, 0x00};  // LSRR claiming 48 bytes
  r.options = bad;
  r.options_len = sizeof bad;
  EXPECT_NE(r.to_string().find("options (LSRR [bad length 48])"), std::string::npos)
      << r.to_string();
}

TEST(Ipv4PseudoHeader, UdpChecksumOverPseudoHeaderVerifies) {
  // 192.168.0.10:49152 > 198.51.100.53:53, "hello", checksum 0x10b1.
  const std::uint8_t udp[] = {0xc0, 0x00, 0x00, 0x35, 0x00, 0x0d, 0x10,
                              0xb1, 0x68, 0x65, 0x6c, 0x6c, 0x6f};
  const auto sum =
      ipv4_pseudo_header_sum(Ipv4Address::of(192, 168, 0, 10), Ipv4Address::of(198, 51, 100, 53),
                             ip_proto::kUdp, sizeof udp);
  EXPECT_EQ(checksum_finish(checksum_add(udp, sum)), 0);
}

}  // namespace
}  // namespace ws
