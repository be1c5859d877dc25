#include "wirestack/wire/tcp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "frames.h"
#include "wirestack/base/checksum.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

using test::to_vector;

// local-veth-arp-icmp-frag-dns-http.pcap frame 15, captured from Linux 6.18:
// 10.202.0.1.56054 > 10.202.0.2.8000: Flags [S], seq 4239376751, win 64240,
// options [mss 1460,sackOK,TS val 706926205 ecr 0,nop,wscale 10], checksum 0x7e7f.
const Ipv4Address kLinuxSrc = Ipv4Address::of(10, 202, 0, 1);
const Ipv4Address kLinuxDst = Ipv4Address::of(10, 202, 0, 2);
constexpr std::uint8_t kLinuxSyn[] = {0xda, 0xf6, 0x1f, 0x40, 0xfc, 0xaf, 0xc1, 0x6f, 0x00, 0x00,
                                      0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x7e, 0x7f, 0x00, 0x00,
                                      0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x2a, 0x22,
                                      0xd6, 0x7d, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a};

// ssh.pcap frame 48: 223.132.53.222.22 > 202.108.87.165.62146: Flags [.], ack 4082238874,
// win 340, options [14 x nop, sack 1 {4082238970:4082238971}], checksum 0xe1f3.
const Ipv4Address kSshSrc = Ipv4Address::of(223, 132, 53, 222);
const Ipv4Address kSshDst = Ipv4Address::of(202, 108, 87, 165);
constexpr std::uint8_t kSshSack[] = {
    0x00, 0x16, 0xf2, 0xc2, 0x92, 0x57, 0xb8, 0x36, 0xf3, 0x52, 0x05, 0x9a, 0xb0, 0x10, 0x01,
    0x54, 0xe1, 0xf3, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x05, 0x0a, 0xf3, 0x52, 0x05, 0xfa, 0xf3, 0x52, 0x05, 0xfb};

const Ipv4Address kA = Ipv4Address::of(192, 168, 0, 10);
const Ipv4Address kB = Ipv4Address::of(203, 0, 113, 10);

std::vector<std::uint8_t> emitted(const TcpRepr& r, Bytes payload, Ipv4Address src = kA,
                                  Ipv4Address dst = kB) {
  std::vector<std::uint8_t> out(r.header_len() + payload.size(), 0xee);
  std::copy(payload.begin(), payload.end(),
            out.end() - static_cast<std::ptrdiff_t>(payload.size()));
  r.emit(out, src, dst);
  return out;
}

std::vector<std::uint8_t> emitted_options(const TcpOptions& o) {
  std::vector<std::uint8_t> out(o.wire_len(), 0xee);
  o.emit(out);
  return out;
}

// A 20-byte header followed by `options` (padded by the caller), checksum left zero.
std::vector<std::uint8_t> segment_with_options(std::vector<std::uint8_t> options) {
  std::vector<std::uint8_t> s = {0x30, 0x39, 0x00, 0x50, 0,    0,    0, 1, 0, 0,
                                 0,    0,    0,    0x02, 0xff, 0xff, 0, 0, 0, 0};
  s[12] = static_cast<std::uint8_t>(((20 + options.size()) / 4) << 4);
  s.insert(s.end(), options.begin(), options.end());
  return s;
}

Result<TcpRepr, ParseError> parse_ignoring_checksum(Bytes segment) {
  auto p = TcpPacket::check(segment);
  if (!p) return Err{p.error()};
  return TcpRepr::parse(*p, kA, kB, ChecksumCheck::kIgnore);
}

TEST(TcpPacket, EveryFieldOfALinuxSyn) {
  auto p = TcpPacket::check(kLinuxSyn);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->src_port(), 56054);
  EXPECT_EQ(p->dst_port(), 8000);
  EXPECT_EQ(p->seq(), Seq(4239376751u));
  EXPECT_EQ(p->ack(), Seq(0));
  EXPECT_EQ(p->header_len(), 40u);
  EXPECT_EQ(p->flags(), tcp_flag::kSyn);
  EXPECT_EQ(p->reserved(), 0);
  EXPECT_EQ(p->window(), 64240);
  EXPECT_EQ(p->checksum(), 0x7e7f);
  EXPECT_EQ(p->urgent(), 0);
  EXPECT_EQ(p->options().size(), 20u);
  EXPECT_TRUE(p->payload().empty());
  // The pseudo-header (RFC 9293 §3.1) is part of the sum.
  EXPECT_TRUE(p->checksum_valid(kLinuxSrc, kLinuxDst));
  EXPECT_FALSE(p->checksum_valid(kLinuxDst, Ipv4Address::of(10, 202, 0, 3)));
  EXPECT_EQ(p->computed_checksum(kLinuxSrc, kLinuxDst), 0x7e7f);
}

TEST(TcpPacket, ShortBufferIsTruncatedAndDataOffsetIsChecked) {
  for (std::size_t n = 0; n < kTcpMinHeaderLen; ++n) {
    EXPECT_EQ(TcpPacket::check(Bytes(kLinuxSyn).first(n)).error(), ParseError::kTruncated) << n;
  }
  for (std::uint8_t offset = 0; offset < 16; ++offset) {
    auto bytes = to_vector(kLinuxSyn);
    bytes[12] = static_cast<std::uint8_t>(offset << 4);
    auto p = TcpPacket::check(bytes);
    if (offset >= 5 && offset <= 10) {
      EXPECT_TRUE(p.ok()) << int{offset};
    } else {  // below 5 words, or past the 40 bytes there are
      ASSERT_FALSE(p.ok()) << int{offset};
      EXPECT_EQ(p.error(), ParseError::kBadHeaderLength);
    }
  }
}

TEST(TcpPacket, FlagsReservedBitsAndAe) {
  auto bytes = to_vector(kLinuxSyn);
  bytes[12] = 0xaf;  // offset 10, reserved 0b111, AE
  bytes[13] = 0xff;
  auto p = TcpPacket::check(bytes);
  EXPECT_EQ(p->flags(), 0x1ff);
  EXPECT_EQ(p->reserved(), 7);
}

TEST(TcpRepr, ParsesEveryOptionOfALinuxSynAndEmitsItByteForByte) {
  auto p = TcpPacket::check(kLinuxSyn);
  auto r = TcpRepr::parse(*p, kLinuxSrc, kLinuxDst);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->options.mss, 1460);
  EXPECT_EQ(r->options.window_scale, 10);
  EXPECT_TRUE(r->options.sack_permitted);
  ASSERT_TRUE(r->options.timestamps);
  EXPECT_EQ(r->options.timestamps->value, 706926205u);
  EXPECT_EQ(r->options.timestamps->echo, 0u);
  EXPECT_EQ(r->options.sack_count, 0);
  EXPECT_EQ(r->header_len(), 40u);
  EXPECT_EQ(r->segment_len(0), 1u);
  EXPECT_EQ(emitted(*r, {}, kLinuxSrc, kLinuxDst), to_vector(kLinuxSyn));
  EXPECT_EQ(r->to_string(0),
            "Flags [S], seq 4239376751, win 64240, options [mss 1460,sackOK,TS val 706926205 ecr "
            "0,nop,wscale 10], length 0");
}

TEST(TcpRepr, SackBlocksAmongNopsParseAndPrintAsCaptured) {
  auto p = TcpPacket::check(kSshSack);
  auto r = TcpRepr::parse(*p, kSshSrc, kSshDst);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->options.sack_count, 1);
  EXPECT_EQ(r->options.sack[0], (SackBlock{Seq(4082238970u), Seq(4082238971u)}));
  EXPECT_EQ(r->to_string(0, p->options()),
            "Flags [.], ack 4082238874, win 340, options [nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,"
            "nop,nop,nop,nop,sack 1 {4082238970:4082238971}], length 0");
  // We lay the same options out as Linux does: "nop,nop,sack".
  const auto out = emitted(*r, {}, kSshSrc, kSshDst);
  ASSERT_EQ(out.size(), 32u);
  EXPECT_EQ(
      to_vector(Bytes(out).subspan(20)),
      (std::vector<std::uint8_t>{1, 1, 5, 10, 0xf3, 0x52, 0x05, 0xfa, 0xf3, 0x52, 0x05, 0xfb}));
  auto again = TcpRepr::parse(*TcpPacket::check(out), kSshSrc, kSshDst);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->options.sack[0], r->options.sack[0]);
}

TEST(TcpOptions, SynLayoutIsLinuxs) {
  TcpOptions o;
  o.mss = 1460;
  o.sack_permitted = true;
  o.timestamps = TcpOptions::Timestamps{0x01020304, 0};
  o.window_scale = 7;
  EXPECT_EQ(emitted_options(o), (std::vector<std::uint8_t>{2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2,
                                                           3, 4, 0,    0,    0, 0, 1, 3,  3, 7}));
  o.timestamps.reset();
  EXPECT_EQ(emitted_options(o),
            (std::vector<std::uint8_t>{2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7}));
  o.sack_permitted = false;
  o.window_scale.reset();
  EXPECT_EQ(emitted_options(o), (std::vector<std::uint8_t>{2, 4, 0x05, 0xb4}));
}

TEST(TcpOptions, DataSegmentLayoutsAreNopNopTsAndNopNopSack) {
  TcpOptions o;
  o.timestamps = TcpOptions::Timestamps{1, 2};
  EXPECT_EQ(emitted_options(o), (std::vector<std::uint8_t>{1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2}));
  o.sack[0] = {Seq(100), Seq(200)};
  o.sack_count = 1;
  EXPECT_EQ(emitted_options(o),
            (std::vector<std::uint8_t>{1, 1, 8, 10, 0, 0, 0, 1,   0, 0, 0, 2,
                                       1, 1, 5, 10, 0, 0, 0, 100, 0, 0, 0, 200}));
}

TEST(TcpOptions, SackBlocksThatDoNotFitAreLeftOut) {
  TcpOptions o;
  o.sack_count = 4;
  for (std::uint32_t i = 0; i < 4; ++i) o.sack[i] = {Seq(i * 10), Seq(i * 10 + 5)};
  EXPECT_EQ(o.sack_blocks_on_wire(), 4);
  EXPECT_EQ(o.wire_len(), 36u);
  o.timestamps = TcpOptions::Timestamps{1, 2};  // 12 + 4 + 3 * 8 = 40
  EXPECT_EQ(o.sack_blocks_on_wire(), 3);
  EXPECT_EQ(o.wire_len(), 40u);
  auto parsed = TcpOptions::parse(emitted_options(o));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sack_count, 3);
  EXPECT_EQ(parsed->sack[2], o.sack[2]);
}

TEST(TcpOptions, EveryCombinationRoundTrips) {
  for (unsigned mask = 0; mask < 32; ++mask) {
    for (std::uint8_t blocks = 0; blocks <= 4; ++blocks) {
      TcpOptions o;
      if (mask & 1) o.mss = 536;
      if (mask & 2) o.window_scale = 14;
      o.sack_permitted = mask & 4;
      if (mask & 8) o.timestamps = TcpOptions::Timestamps{0xdeadbeef, 0x01020304};
      o.sack_count = blocks;
      for (std::uint32_t i = 0; i < blocks; ++i) o.sack[i] = {Seq(i), Seq(0x80000000u + i)};
      ASSERT_LE(o.wire_len(), 40u);
      ASSERT_EQ(o.wire_len() % 4, 0u);
      const auto bytes = emitted_options(o);
      auto parsed = TcpOptions::parse(bytes);
      ASSERT_TRUE(parsed.ok()) << mask;
      EXPECT_EQ(parsed->mss, o.mss);
      EXPECT_EQ(parsed->window_scale, o.window_scale);
      EXPECT_EQ(parsed->sack_permitted, o.sack_permitted);
      EXPECT_EQ(parsed->timestamps, o.timestamps);
      ASSERT_EQ(parsed->sack_count, o.sack_blocks_on_wire());
      for (std::size_t i = 0; i < parsed->sack_count; ++i) EXPECT_EQ(parsed->sack[i], o.sack[i]);
    }
  }
}

TEST(TcpOptions, UnknownKindsAreSkippedByTheirLength) {
  // MPTCP (30), TFO cookie (34), experimental (254), then MSS.
  auto r = TcpOptions::parse(std::vector<std::uint8_t>{
      30, 4, 0, 0x81, 34, 6, 1, 2, 3, 4, 254, 4, 0xf9, 0x89, 2, 4, 0x05, 0xb4, 1, 1});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->mss, 1460);
}

TEST(TcpOptions, EolEndsTheListWhateverFollows) {
  auto r = TcpOptions::parse(std::vector<std::uint8_t>{4, 2, 0, 2, 99, 0xff, 0xff, 0xff});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->sack_permitted);
  EXPECT_FALSE(r->mss);
}

TEST(TcpOptions, BadLengthsAreMalformed) {
  const std::vector<std::vector<std::uint8_t>> bad = {
      {2},                       // no length byte
      {30, 0, 0, 0},             // length 0
      {30, 1, 0, 0},             // length 1
      {1, 30, 5, 0},             // past the end
      {2, 3, 5, 0},              // MSS with length 3
      {2, 5, 5, 0, 0, 0, 0, 0},  // MSS with length 5
      {3, 4, 7, 0},              // window scale with length 4
      {4, 3, 0, 0},              // SACK-permitted with length 3
      {8, 8, 0, 0, 0, 0, 0, 0},  // timestamps with length 8
      {5, 2, 0, 0},              // SACK with no block
      {5, 6, 0, 0, 0, 0, 0, 0},  // SACK with half a block
  };
  for (const auto& options : bad) {
    auto r = TcpOptions::parse(options);
    ASSERT_FALSE(r.ok()) << int{options[0]} << "/" << options.size();
    EXPECT_EQ(r.error(), ParseError::kMalformed);
    auto segment = options;
    segment.resize((segment.size() + 3) / 4 * 4, 0);
    EXPECT_EQ(parse_ignoring_checksum(segment_with_options(segment)).error(),
              ParseError::kMalformed);
  }
}

TEST(TcpOptions, FiveSackBlocksAreMalformed) {
  std::vector<std::uint8_t> options = {5, 42};
  options.resize(42, 0);
  EXPECT_EQ(TcpOptions::parse(options).error(), ParseError::kMalformed);
}

TEST(TcpRepr, BadChecksumIsAnErrorUnlessIgnored) {
  auto bytes = to_vector(kLinuxSyn);
  bytes[30] ^= 0x40;
  auto p = TcpPacket::check(bytes);
  EXPECT_EQ(TcpRepr::parse(*p, kLinuxSrc, kLinuxDst).error(), ParseError::kBadChecksum);
  auto r = TcpRepr::parse(*p, kLinuxSrc, kLinuxDst, ChecksumCheck::kIgnore);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->checksum_valid);
  EXPECT_EQ(r->checksum, 0x7e7f);
  EXPECT_NE(p->computed_checksum(kLinuxSrc, kLinuxDst), 0x7e7f);
}

TEST(TcpRepr, DataSegmentRoundTripsWithReservedBitsAndUrgent) {
  TcpRepr r;
  r.src_port = 49152;
  r.dst_port = 80;
  r.seq = Seq(0xfffffff0u);
  r.ack = Seq(7);
  r.flags = tcp_flag::kAck | tcp_flag::kPsh | tcp_flag::kUrg | tcp_flag::kAe;
  r.reserved = 5;
  r.window = 502;
  r.urgent = 3;
  r.options.timestamps = TcpOptions::Timestamps{10, 20};
  const std::uint8_t payload[] = {'G', 'E', 'T', ' ', '/'};
  const auto out = emitted(r, payload);
  auto p = TcpPacket::check(out);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->checksum_valid(kA, kB));
  auto back = TcpRepr::parse(*p, kA, kB);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->reserved, 5);
  EXPECT_EQ(back->flags, r.flags);
  EXPECT_EQ(back->urgent, 3);
  EXPECT_EQ(to_vector(p->payload()), to_vector(payload));
  EXPECT_EQ(emitted(*back, payload), out);
  EXPECT_EQ(r.to_string(5),
            "Flags [P.U], seq 4294967280:4294967285, ack 7, win 502, urg 3, options "
            "[nop,nop,TS val 10 ecr 20], length 5");
}

TEST(TcpRepr, PrintsFlagsAndSequenceLikeTcpdump) {
  TcpRepr r;
  r.seq = Seq(1);
  r.ack = Seq(2);
  r.window = 65535;
  r.flags = tcp_flag::kSyn | tcp_flag::kAck;
  r.options.mss = 1460;
  r.options.sack_permitted = true;
  r.options.timestamps = TcpOptions::Timestamps{1, 0};
  r.options.window_scale = 7;
  EXPECT_EQ(r.to_string(0),
            "Flags [S.], seq 1, ack 2, win 65535, options [mss 1460,sackOK,TS val 1 ecr 0,nop,"
            "wscale 7], length 0");
  r = TcpRepr{};
  EXPECT_EQ(r.to_string(0), "Flags [none], win 0, length 0");
  r.flags = 0x1ff;
  EXPECT_EQ(r.to_string(0).substr(0, 17), "Flags [FSRP.UEW],");
}

TEST(TcpOptionsString, UnknownKindsBadLengthsAndEol) {
  EXPECT_EQ(tcp_options_to_string(std::vector<std::uint8_t>{30, 4, 0, 0x81, 99, 3, 0xab, 1, 0}),
            "mptcp 0x0081,unknown-99 0xab,nop,eol");
  EXPECT_EQ(tcp_options_to_string(std::vector<std::uint8_t>{2, 4, 1, 0, 2, 1}),
            "mss 256,[bad opt]");
  EXPECT_EQ(tcp_options_to_string(std::vector<std::uint8_t>{3, 4, 7, 0}), "wscale 7[len 4]");
  EXPECT_EQ(tcp_options_to_string(std::vector<std::uint8_t>{5, 6, 0, 0, 0, 0}),
            "sack invalid sack");
}

TEST(TcpFuzz, NoByteStringMakesTheParserReadOutOfBounds) {
  // Every length from 0 to 60 with pseudo-random contents; run under ASan to mean anything.
  std::uint32_t x = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(round % 61));
    for (auto& b : bytes) {
      x = x * 1103515245u + 12345u;
      b = static_cast<std::uint8_t>(x >> 16);
    }
    if (bytes.size() > 12) bytes[12] = static_cast<std::uint8_t>((bytes.size() / 4) << 4);
    if (auto p = TcpPacket::check(bytes)) {
      auto r = TcpRepr::parse(*p, kA, kB, ChecksumCheck::kIgnore);
      (void)tcp_options_to_string(p->options());
      if (r) (void)r->to_string(p->payload().size(), p->options());
    }
  }
}

}  // namespace
}  // namespace ws
