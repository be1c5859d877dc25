#include "wirestack/wire/ethernet.h"

#include <gtest/gtest.h>

#include <vector>

#include "frames.h"

namespace ws {
namespace {

using test::kArpRequestFrame;
using test::kEchoFrame;
using test::to_vector;

// kEchoFrame with an 802.1Q tag (TPID `tpid`, TCI `tci`) inserted after the addresses.
std::vector<std::uint8_t> tagged_echo(std::uint16_t tpid, std::uint16_t tci) {
  std::vector<std::uint8_t> f(kEchoFrame, kEchoFrame + 12);
  const std::uint8_t tag[] = {static_cast<std::uint8_t>(tpid >> 8), static_cast<std::uint8_t>(tpid),
                              static_cast<std::uint8_t>(tci >> 8), static_cast<std::uint8_t>(tci)};
  f.insert(f.end(), tag, tag + 4);
  f.insert(f.end(), kEchoFrame + 12, kEchoFrame + sizeof kEchoFrame);
  return f;
}

TEST(EthernetFrame, UntaggedFieldsComeFromTheirFixedOffsets) {
  auto f = EthernetFrame::check(kEchoFrame);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->dst(), MacAddress({2, 0, 0, 0, 0, 2}));
  EXPECT_EQ(f->src(), MacAddress({2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(f->ethertype(), ethertype::kIpv4);
  EXPECT_FALSE(f->vlan_tci().has_value());
  EXPECT_FALSE(f->vlan_tpid().has_value());
  EXPECT_EQ(f->header_len(), kEthernetHeaderLen);
  EXPECT_EQ(f->payload().data(), kEchoFrame + 14);
  EXPECT_EQ(f->payload().size(), sizeof kEchoFrame - 14);
  EXPECT_EQ(f->bytes().size(), sizeof kEchoFrame);
}

TEST(EthernetFrame, EveryLengthBelowTheHeaderIsTruncated) {
  for (std::size_t n = 0; n < kEthernetHeaderLen; ++n) {
    auto f = EthernetFrame::check(Bytes(kEchoFrame, n));
    ASSERT_FALSE(f.ok()) << n;
    EXPECT_EQ(f.error(), ParseError::kTruncated) << n;
  }
  EXPECT_TRUE(EthernetFrame::check(Bytes(kEchoFrame, kEthernetHeaderLen)).ok());
}

TEST(EthernetFrame, Dot1QTagIsSkippedAndItsTciExposed) {
  const auto frame = tagged_echo(ethertype::kVlan, 0xa00a);  // PCP 5, DEI 0, VID 10
  auto f = EthernetFrame::check(frame);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->header_len(), 18u);
  EXPECT_EQ(f->ethertype(), ethertype::kIpv4);
  EXPECT_EQ(f->vlan_tci(), 0xa00a);
  EXPECT_EQ(f->vlan_tpid(), ethertype::kVlan);
  EXPECT_EQ(f->payload()[0], 0x45);
}

TEST(EthernetFrame, Dot1adTagIsRecognisedLikeDot1Q) {
  const auto frame = tagged_echo(ethertype::kQinQ, 0x0064);
  auto f = EthernetFrame::check(frame);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->vlan_tpid(), ethertype::kQinQ);
  EXPECT_EQ(f->vlan_tci(), 0x0064);
  EXPECT_EQ(f->ethertype(), ethertype::kIpv4);
}

TEST(EthernetFrame, TaggedFrameShorterThanTagIsTruncated) {
  const auto frame = tagged_echo(ethertype::kVlan, 10);
  for (std::size_t n = kEthernetHeaderLen; n < kEthernetHeaderLen + kVlanTagLen; ++n) {
    auto f = EthernetFrame::check(Bytes(frame.data(), n));
    ASSERT_FALSE(f.ok()) << n;
    EXPECT_EQ(f.error(), ParseError::kTruncated);
  }
}

TEST(EthernetFrame, PaddingStaysInThePayloadForTheUpperLayerToTrim) {
  std::vector<std::uint8_t> padded(kArpRequestFrame, kArpRequestFrame + sizeof kArpRequestFrame);
  padded.resize(60, 0);
  auto f = EthernetFrame::check(padded);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->payload().size(), 46u);
}

TEST(EthernetRepr, ParseThenEmitGivesBackTheSameHeader) {
  for (const auto& frame : {to_vector(kEchoFrame), tagged_echo(ethertype::kVlan, 0x300a),
                            tagged_echo(ethertype::kQinQ, 7)}) {
    auto f = EthernetFrame::check(frame);
    ASSERT_TRUE(f.ok());
    const EthernetRepr r = EthernetRepr::parse(*f);
    std::vector<std::uint8_t> out(r.header_len());
    r.emit(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(frame.begin(), frame.begin() + f->header_len()));
  }
}

TEST(EthernetRepr, EmitTagsWith8100UnlessTold) {
  EthernetRepr r;
  r.dst = MacAddress::broadcast();
  r.src = MacAddress({2, 0, 0, 0, 0, 1});
  r.ethertype = ethertype::kArp;
  r.vlan_tci = 42;
  std::uint8_t out[18];
  r.emit(out);
  EXPECT_EQ(load_be16(out + 12), 0x8100);
  EXPECT_EQ(load_be16(out + 14), 42);
  EXPECT_EQ(load_be16(out + 16), ethertype::kArp);
  auto back = EthernetRepr::parse(*EthernetFrame::check(out));
  EXPECT_EQ(back.vlan_tci, 42);
  EXPECT_EQ(back.dst, MacAddress::broadcast());
}

TEST(EthernetRepr, PrintsLikeTcpdumpDashE) {
  EthernetRepr r = EthernetRepr::parse(*EthernetFrame::check(kArpRequestFrame));
  EXPECT_EQ(r.to_string(), "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806)");
  r.vlan_tci = 0x200a;
  EXPECT_EQ(r.to_string(),
            "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), vlan 10, p 1, "
            "ethertype ARP (0x0806)");
}

TEST(Ethertype, NamesAreTcpdumps) {
  EXPECT_STREQ(ethertype_name(ethertype::kIpv4), "IPv4");
  EXPECT_STREQ(ethertype_name(ethertype::kArp), "ARP");
  EXPECT_STREQ(ethertype_name(ethertype::kVlan), "802.1Q");
  EXPECT_STREQ(ethertype_name(ethertype::kQinQ), "802.1Q-QinQ");
  EXPECT_STREQ(ethertype_name(ethertype::kIpv6), "IPv6");
  EXPECT_STREQ(ethertype_name(0x1234), "Unknown");
  EXPECT_EQ(vlan_tci_string(0x300a), "vlan 10, p 1, DEI");
}

}  // namespace
}  // namespace ws
