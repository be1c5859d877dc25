#include "wirestack/wire/arp.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "frames.h"

namespace ws {
namespace {

const Bytes kRequest = Bytes(test::kArpRequestFrame).subspan(14);

std::vector<std::uint8_t> request_with(std::size_t offset, std::uint8_t value) {
  auto v = test::to_vector(kRequest);
  v[offset] = value;
  return v;
}

ParseError parse_error_of(Bytes packet) {
  auto p = ArpPacket::check(packet);
  EXPECT_TRUE(p.ok());
  auto r = ArpRepr::parse(*p);
  EXPECT_FALSE(r.ok());
  return r.ok() ? ParseError::kMalformed : r.error();
}

TEST(ArpPacket, EveryFieldOfARequestReadsFromRfc826Offsets) {
  auto p = ArpPacket::check(kRequest);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->hardware_type(), 1);
  EXPECT_EQ(p->protocol_type(), 0x0800);
  EXPECT_EQ(p->hardware_len(), 6);
  EXPECT_EQ(p->protocol_len(), 4);
  EXPECT_EQ(p->operation(), 1);
  EXPECT_EQ(MacAddress::from_bytes(p->sender_hardware().data()), MacAddress({2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Ipv4Address::from_bytes(p->sender_protocol().data()), Ipv4Address::of(192, 168, 0, 10));
  EXPECT_EQ(MacAddress::from_bytes(p->target_hardware().data()), MacAddress::zero());
  EXPECT_EQ(Ipv4Address::from_bytes(p->target_protocol().data()), Ipv4Address::of(192, 168, 0, 1));
  EXPECT_EQ(p->sender_hardware().size(), 6u);
  EXPECT_EQ(p->target_protocol().size(), 4u);
  EXPECT_EQ(p->len(), kArpPacketLen);
}

TEST(ArpPacket, EveryLengthBelow28IsTruncated) {
  for (std::size_t n = 0; n < kArpPacketLen; ++n) {
    auto p = ArpPacket::check(kRequest.first(n));
    ASSERT_FALSE(p.ok()) << n;
    EXPECT_EQ(p.error(), ParseError::kTruncated) << n;
  }
}

TEST(ArpPacket, LinkPaddingAfterThePacketIsNotPartOfIt) {
  auto padded = test::to_vector(kRequest);
  padded.resize(46, 0xee);
  auto p = ArpPacket::check(padded);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->len(), kArpPacketLen);
  EXPECT_EQ(p->bytes().size(), kArpPacketLen);
}

TEST(ArpPacket, CheckAcceptsAnOddHardwareLengthThatFitsSoItCanBeShown) {
  // hlen 14: 8 + 2*14 + 2*4 = 44 bytes.
  std::vector<std::uint8_t> odd = {0x00, 0x01, 0x08, 0x00, 14, 4, 0x00, 0x01};
  for (std::uint8_t i = 0; i < 36; ++i) odd.push_back(i);
  auto p = ArpPacket::check(odd);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->len(), 44u);
  EXPECT_EQ(p->sender_hardware().size(), 14u);
  EXPECT_EQ(p->sender_hardware()[0], 0);
  EXPECT_EQ(p->sender_protocol()[0], 14);
  EXPECT_EQ(p->target_hardware()[0], 18);
  EXPECT_EQ(p->target_protocol()[0], 32);
  EXPECT_EQ(p->target_protocol().size(), 4u);
  EXPECT_EQ(ArpRepr::parse(*p).error(), ParseError::kBadLength);
  // ... and one byte short of what hlen/plen say is truncated.
  EXPECT_EQ(ArpPacket::check(Bytes(odd).first(43)).error(), ParseError::kTruncated);
}

TEST(ArpRepr, ParsesARequest) {
  auto r = ArpRepr::parse(*ArpPacket::check(kRequest));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->operation, ArpOperation::kRequest);
  EXPECT_EQ(r->sender_mac, MacAddress({2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(r->sender_ip, Ipv4Address::of(192, 168, 0, 10));
  EXPECT_EQ(r->target_mac, MacAddress::zero());
  EXPECT_EQ(r->target_ip, Ipv4Address::of(192, 168, 0, 1));
  EXPECT_FALSE(r->is_gratuitous());
}

TEST(ArpRepr, RejectsHardwareTypeOtherThanEthernet) {
  EXPECT_EQ(parse_error_of(request_with(1, 6)), ParseError::kBadHardwareType);
}

TEST(ArpRepr, RejectsProtocolTypeOtherThanIpv4) {
  EXPECT_EQ(parse_error_of(request_with(2, 0x86)), ParseError::kBadProtocolType);
}

TEST(ArpRepr, RejectsOperationsOtherThanRequestAndReply) {
  for (int op : {0, 3, 4, 8, 255}) {
    EXPECT_EQ(parse_error_of(request_with(7, static_cast<std::uint8_t>(op))),
              ParseError::kBadOperation)
        << op;
  }
}

TEST(ArpRepr, RejectsProtocolLengthOtherThan4) {
  auto v = test::to_vector(kRequest);
  v[5] = 3;  // still fits: 8 + 12 + 6 = 26 bytes
  EXPECT_EQ(parse_error_of(v), ParseError::kBadLength);
}

TEST(ArpRepr, EmitThenParseThenEmitIsByteIdentical) {
  ArpRepr reply;
  reply.operation = ArpOperation::kReply;
  reply.sender_mac = MacAddress({2, 0, 0, 0, 0, 9});
  reply.sender_ip = Ipv4Address::of(192, 168, 0, 1);
  reply.target_mac = MacAddress({2, 0, 0, 0, 0, 1});
  reply.target_ip = Ipv4Address::of(192, 168, 0, 10);
  std::uint8_t first[kArpPacketLen];
  reply.emit(first);
  auto parsed = ArpRepr::parse(*ArpPacket::check(first));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sender_mac, reply.sender_mac);
  EXPECT_EQ(parsed->target_ip, reply.target_ip);
  std::uint8_t second[kArpPacketLen];
  parsed->emit(second);
  EXPECT_EQ(0, std::memcmp(first, second, kArpPacketLen));
}

TEST(ArpRepr, ParsedCaptureReEmitsToTheSameBytes) {
  std::uint8_t out[kArpPacketLen];
  ArpRepr::parse(*ArpPacket::check(kRequest))->emit(out);
  EXPECT_EQ(test::to_vector(out), test::to_vector(kRequest));
}

TEST(ArpRepr, GratuitousWhenSenderAndTargetAddressAreTheSame) {
  auto r = *ArpRepr::parse(*ArpPacket::check(kRequest));
  r.target_ip = r.sender_ip;
  EXPECT_TRUE(r.is_gratuitous());
}

TEST(ArpRepr, PrintsLikeTcpdump) {
  auto r = *ArpRepr::parse(*ArpPacket::check(kRequest));
  EXPECT_EQ(r.to_string(), "Request who-has 192.168.0.1 tell 192.168.0.10, length 28");
  r.target_mac = MacAddress({2, 0, 0, 0, 0, 9});  // a unicast probe names the MAC it expects
  EXPECT_EQ(r.to_string(),
            "Request who-has 192.168.0.1 (02:00:00:00:00:09) tell 192.168.0.10, length 28");
  r.operation = ArpOperation::kReply;
  r.sender_ip = Ipv4Address::of(192, 168, 0, 1);
  EXPECT_EQ(r.to_string(), "Reply 192.168.0.1 is-at 02:00:00:00:00:01, length 28");
}

TEST(ArpPrinter, UnsupportedAddressTypesShowTypesAndLengthsOnly) {
  std::vector<std::uint8_t> odd = {0x00, 0x01, 0x08, 0x00, 6, 16, 0x00, 0x01};
  odd.resize(8 + 2 * 6 + 2 * 16, 0);
  EXPECT_EQ(arp_to_string(*ArpPacket::check(odd), 46),
            "Ethernet (len 6), IPv4 (len 16), length 46");
  auto v = request_with(1, 6);
  v[2] = 0x86;
  v[3] = 0xdd;
  EXPECT_EQ(arp_to_string(*ArpPacket::check(v), 28),
            "Unknown Hardware (6) (len 6), Unknown Protocol (0x86dd) (len 4), length 28");
}

}  // namespace
}  // namespace ws
