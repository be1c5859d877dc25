#include "wirestack/wire/icmp.h"

#include <gtest/gtest.h>

#include <vector>

#include "frames.h"
#include "wirestack/base/checksum.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

using test::echo_icmp;
using test::echo_ip;
using test::to_vector;

// A UDP datagram 192.168.0.10:49152 > 198.51.100.7:33434 (a traceroute probe), with `options`
// bytes of IP options and `payload` bytes after the UDP header.
std::vector<std::uint8_t> udp_probe(std::size_t options, std::size_t payload) {
  Ipv4Repr ip;
  ip.src = Ipv4Address::of(192, 168, 0, 10);
  ip.dst = Ipv4Address::of(198, 51, 100, 7);
  ip.protocol = ip_proto::kUdp;
  ip.ttl = 1;
  ip.options_len = static_cast<std::uint8_t>(options);
  ip.payload_len = static_cast<std::uint16_t>(8 + payload);
  std::vector<std::uint8_t> d(ip.total_len(), 0x77);
  ip.emit(d);
  std::uint8_t* udp = d.data() + ip.header_len();
  store_be16(udp, 49152);
  store_be16(udp + 2, 33434);
  store_be16(udp + 4, ip.payload_len);
  return d;
}

std::vector<std::uint8_t> emitted(const IcmpRepr& r) {
  std::vector<std::uint8_t> out(r.len());
  r.emit(out);
  return out;
}

TEST(IcmpPacket, EveryFieldOfAnEchoRequest) {
  auto p = IcmpPacket::check(echo_icmp());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->type(), icmp_type::kEchoRequest);
  EXPECT_EQ(p->code(), 0);
  EXPECT_EQ(p->checksum(), 0x22fd);
  EXPECT_TRUE(p->checksum_valid());
  EXPECT_EQ(p->echo_ident(), 0x1c2d);
  EXPECT_EQ(p->echo_seq(), 1);
  EXPECT_EQ(p->next_hop_mtu(), 1);  // the same bytes 6-7, read as an MTU
  EXPECT_EQ(p->rest_of_header(), 0x1c2d0001u);
  EXPECT_EQ(p->payload().size(), 56u);
  EXPECT_EQ(p->payload()[0], 0x10);
  EXPECT_EQ(p->bytes().size(), 64u);
}

TEST(IcmpPacket, EveryLengthBelowEightIsTruncated) {
  for (std::size_t n = 0; n < kIcmpHeaderLen; ++n) {
    auto p = IcmpPacket::check(echo_icmp().first(n));
    ASSERT_FALSE(p.ok()) << n;
    EXPECT_EQ(p.error(), ParseError::kTruncated) << n;
  }
  EXPECT_TRUE(IcmpPacket::check(echo_icmp().first(kIcmpHeaderLen)).ok());
}

TEST(IcmpRepr, ParsesAnEchoRequest) {
  auto r = IcmpRepr::parse(*IcmpPacket::check(echo_icmp()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, IcmpRepr::Kind::kEchoRequest);
  EXPECT_EQ(r->type, 8);
  EXPECT_EQ(r->code, 0);
  EXPECT_EQ(r->ident, 0x1c2d);
  EXPECT_EQ(r->seq, 1);
  EXPECT_EQ(r->data.size(), 56u);
  EXPECT_EQ(r->data.data(), echo_icmp().data() + 8);
  EXPECT_EQ(r->checksum, 0x22fd);
  EXPECT_TRUE(r->checksum_valid);
  EXPECT_FALSE(r->is_error());
  EXPECT_EQ(r->len(), 64u);
}

TEST(IcmpRepr, BadChecksumIsAnErrorWhenVerifiedAndReportedWhenIgnored) {
  auto m = to_vector(echo_icmp());
  m[20] ^= 0xff;  // a data byte: 0x1c -> 0xe3, so the sum grows by 0xc700
  auto p = IcmpPacket::check(m);
  EXPECT_FALSE(p->checksum_valid());
  EXPECT_EQ(IcmpRepr::parse(*p).error(), ParseError::kBadChecksum);
  auto r = IcmpRepr::parse(*p, ChecksumCheck::kIgnore);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->checksum_valid);
  EXPECT_EQ(r->to_string(),
            "ICMP echo request, id 7213, seq 1, length 64 (wrong icmp cksum 22fd (->5bfc)!)");
}

TEST(IcmpRepr, EchoRequestBuilderEmitsWhatPingSends) {
  auto r = IcmpRepr::echo_request(0x1c2d, 1, echo_icmp().subspan(8));
  EXPECT_EQ(emitted(r), to_vector(echo_icmp()));
}

TEST(IcmpRepr, ParseThenEmitIsByteIdenticalForEveryKind) {
  const auto probe = udp_probe(0, 32);
  std::vector<std::vector<std::uint8_t>> messages = {
      to_vector(echo_icmp()),
      emitted(IcmpRepr::echo_reply(9, 65535, echo_icmp().subspan(8, 11))),  // odd length
      emitted(IcmpRepr::dest_unreachable(icmp_unreach::kPort, probe)),
      emitted(IcmpRepr::dest_unreachable(icmp_unreach::kFragNeeded, probe, 1400)),
      emitted(IcmpRepr::time_exceeded(icmp_time_exceeded::kTtl, probe)),
  };
  // RFC 4884: a dest unreachable whose byte 5 gives the quote's length in 32-bit words.
  auto rfc4884 = emitted(IcmpRepr::dest_unreachable(icmp_unreach::kHost, probe));
  rfc4884[5] = 7;
  store_be16(&rfc4884[2], 0);
  store_be16(&rfc4884[2], internet_checksum(rfc4884));
  messages.push_back(rfc4884);
  // A timestamp request (RFC 792 type 13): kOther keeps bytes 4-7 and the data.
  std::vector<std::uint8_t> timestamp = {13, 0, 0, 0, 0x12, 0x34, 0x00, 0x02};
  timestamp.resize(20, 0x01);
  store_be16(&timestamp[2], internet_checksum(timestamp));
  messages.push_back(timestamp);
  for (const auto& m : messages) {
    auto r = IcmpRepr::parse(*IcmpPacket::check(m));
    ASSERT_TRUE(r.ok()) << int{m[0]};
    EXPECT_EQ(emitted(*r), m) << int{m[0]};
  }
}

TEST(IcmpRepr, EmitComputesAChecksumThatVerifies) {
  auto bytes = emitted(IcmpRepr::echo_reply(1, 2, echo_icmp().subspan(8, 13)));
  EXPECT_EQ(internet_checksum(bytes), 0);
}

TEST(IcmpRepr, EchoReplyCanBeBuiltInPlaceOverItsRequest) {
  auto m = to_vector(echo_icmp());
  auto req = *IcmpRepr::parse(*IcmpPacket::check(m));
  IcmpRepr::echo_reply(req.ident, req.seq, req.data).emit(m);
  auto reply = IcmpRepr::parse(*IcmpPacket::check(m));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->kind, IcmpRepr::Kind::kEchoReply);
  EXPECT_EQ(to_vector(reply->data), to_vector(echo_icmp().subspan(8)));
}

TEST(IcmpRepr, ErrorBuilderQuotesExactlyTheIpHeaderPlusEightBytes) {
  for (std::size_t options : {0u, 4u, 40u}) {
    const auto probe = udp_probe(options, 1000);
    const std::size_t expected = 20 + options + 8;
    for (const auto& r : {IcmpRepr::time_exceeded(icmp_time_exceeded::kTtl, probe),
                          IcmpRepr::dest_unreachable(icmp_unreach::kPort, probe)}) {
      EXPECT_TRUE(r.is_error());
      EXPECT_EQ(r.data.data(), probe.data());
      EXPECT_EQ(r.data.size(), expected) << options;
      EXPECT_EQ(r.len(), 8 + expected);
    }
  }
}

TEST(IcmpRepr, ErrorBuilderKeepsAShortDatagramWhole) {
  const auto probe = udp_probe(0, 0);  // IP + UDP header only, 28 bytes
  EXPECT_EQ(IcmpRepr::time_exceeded(0, Bytes(probe).first(24)).data.size(), 24u);
  EXPECT_EQ(icmp_quote({}).size(), 0u);
}

TEST(IcmpRepr, QuoteNeverMakesTheErrorDatagramLongerThan576) {
  // Even a quote of a (bogus) IHL 15 header plus 8 stays within RFC 1812's 576 bytes.
  const auto probe = udp_probe(40, 1000);
  EXPECT_LE(20 + 8 + icmp_quote(probe).size(), 576u);
}

TEST(IcmpRepr, FragmentationNeededCarriesTheNextHopMtu) {
  const auto probe = udp_probe(0, 1472);
  const auto bytes = emitted(IcmpRepr::dest_unreachable(icmp_unreach::kFragNeeded, probe, 1400));
  EXPECT_EQ(bytes[0], 3);
  EXPECT_EQ(bytes[1], 4);
  EXPECT_EQ(load_be16(&bytes[4]), 0);  // unused (RFC 1191 §4)
  EXPECT_EQ(load_be16(&bytes[6]), 1400);
  auto r = IcmpRepr::parse(*IcmpPacket::check(bytes));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, IcmpRepr::Kind::kDestUnreachable);
  EXPECT_EQ(r->next_hop_mtu, 1400);
  EXPECT_EQ(r->to_string(), "ICMP 198.51.100.7 unreachable - need to frag (mtu 1400), length 36");
}

TEST(IcmpRepr, ErrorWhoseQuoteLacksAnIpHeaderIsTruncated) {
  for (std::size_t quote = 0; quote < 20; ++quote) {
    std::vector<std::uint8_t> m = {11, 0, 0, 0, 0, 0, 0, 0};
    m.resize(8 + quote, 0x45);
    store_be16(&m[2], internet_checksum(m));
    EXPECT_EQ(IcmpRepr::parse(*IcmpPacket::check(m)).error(), ParseError::kTruncated) << quote;
  }
}

TEST(IcmpRepr, PrintsLikeTcpdump) {
  const auto udp = udp_probe(0, 32);
  auto tcp = udp;
  tcp[9] = ip_proto::kTcp;
  auto other = udp;
  other[9] = 132;
  const std::pair<IcmpRepr, const char*> cases[] = {
      {IcmpRepr::echo_request(1, 1, echo_icmp().subspan(8)),
       "ICMP echo request, id 1, seq 1, length 64"},
      {IcmpRepr::echo_reply(1, 2, {}), "ICMP echo reply, id 1, seq 2, length 8"},
      {IcmpRepr::time_exceeded(icmp_time_exceeded::kTtl, udp),
       "ICMP time exceeded in-transit, length 36"},
      {IcmpRepr::time_exceeded(icmp_time_exceeded::kReassembly, udp),
       "ICMP ip reassembly time exceeded, length 36"},
      {IcmpRepr::time_exceeded(7, udp), "ICMP time exceeded-#7, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kPort, udp),
       "ICMP 198.51.100.7 udp port 33434 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kPort, tcp),
       "ICMP 198.51.100.7 tcp port 33434 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kPort, other),
       "ICMP 198.51.100.7 protocol 132 port 33434 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kHost, udp),
       "ICMP host 198.51.100.7 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kNet, udp),
       "ICMP net 198.51.100.7 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kProtocol, udp),
       "ICMP 198.51.100.7 protocol 17 unreachable, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kFragNeeded, udp),
       "ICMP 198.51.100.7 unreachable - need to frag, length 36"},
      {IcmpRepr::dest_unreachable(icmp_unreach::kAdminProhibited, udp),
       "ICMP host 198.51.100.7 unreachable - admin prohibited filter, length 36"},
      {IcmpRepr::dest_unreachable(99, udp), "ICMP 198.51.100.7 unreachable - #99, length 36"},
  };
  for (const auto& [repr, line] : cases) EXPECT_EQ(repr.to_string(), line);
}

TEST(IcmpRepr, PrintsOtherTypesByTcpdumpsNames) {
  const auto udp = udp_probe(0, 0);
  IcmpRepr r;
  r.type = 5;
  r.code = 1;
  r.rest_of_header = Ipv4Address::of(192, 168, 0, 254).value();
  r.data = udp;
  EXPECT_EQ(r.to_string(), "ICMP redirect 198.51.100.7 to host 192.168.0.254, length 36");
  r.type = icmp_type::kParameterProblem;
  r.code = 0;
  r.rest_of_header = 0x09000000;
  EXPECT_EQ(r.to_string(), "ICMP parameter problem - octet 9, length 36");
  r.type = 13;
  r.rest_of_header = 0x00070002;
  EXPECT_EQ(r.to_string(), "ICMP time stamp query id 7 seq 2, length 36");
  r.type = 42;
  EXPECT_EQ(r.to_string(), "ICMP type-#42, length 36");
}

}  // namespace
}  // namespace ws
