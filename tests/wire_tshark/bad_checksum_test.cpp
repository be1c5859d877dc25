// A header whose checksum does not verify is parsed and reported as such (for display), and
// rejected with kBadChecksum when verification is asked for; emit does not "fix" it silently.
#include <gtest/gtest.h>

#include "shared_captures.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {
namespace {

constexpr std::size_t kIpChecksumOffset = 10;

// Frame 3 of local-veth-corrupted.pcap: an echo request whose TTL was changed after the IPv4
// header checksum was computed.
std::vector<std::uint8_t> corrupted_echo_request() {
  const auto capture = read_capture(*shared_pcaps_dir() / "local-veth-corrupted.pcap");
  EXPECT_GE(capture.frames.size(), 3u);
  return capture.frames.size() >= 3 ? capture.frames[2].data : std::vector<std::uint8_t>{};
}

TEST(BadChecksum, CorruptedIpv4HeaderParsesWithIgnoreAndIsRejectedWithVerify) {
  WS_REQUIRE_SHARED_PCAPS();
  const auto frame = corrupted_echo_request();
  const auto eth = EthernetFrame::check(frame);
  ASSERT_TRUE(eth.ok());
  const auto packet = Ipv4Packet::check(eth->payload());
  ASSERT_TRUE(packet.ok());
  EXPECT_FALSE(packet->checksum_valid());

  const auto shown = Ipv4Repr::parse(*packet, ChecksumCheck::kIgnore);
  ASSERT_TRUE(shown.ok());
  EXPECT_FALSE(shown->checksum_valid);
  EXPECT_EQ(shown->checksum, packet->checksum());
  EXPECT_EQ(shown->ttl, 65);

  const auto verified = Ipv4Repr::parse(*packet, ChecksumCheck::kVerify);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error(), ParseError::kBadChecksum);

  // Emit computes a fresh checksum: only the checksum bytes differ from the capture.
  std::vector<std::uint8_t> out(shown->header_len());
  shown->emit(out);
  std::vector<std::uint8_t> original(packet->header().begin(), packet->header().end());
  EXPECT_NE(out, original);
  out[kIpChecksumOffset] = original[kIpChecksumOffset];
  out[kIpChecksumOffset + 1] = original[kIpChecksumOffset + 1];
  EXPECT_EQ(out, original);
}

TEST(BadChecksum, DissectionShowsTheIpv4ChecksumAsBadAndGoesOn) {
  WS_REQUIRE_SHARED_PCAPS();
  const Dissection d = dissect_ethernet_frame(corrupted_echo_request());
  EXPECT_EQ(d.failed_layer(), nullptr);
  ASSERT_NE(d.find("ip.checksum.status"), nullptr);
  EXPECT_EQ(*d.find("ip.checksum.status"), "0");
  ASSERT_NE(d.find("icmp.checksum.status"), nullptr);
  EXPECT_EQ(*d.find("icmp.checksum.status"), "1");
}

TEST(BadChecksum, IcmpMessageWithAFlippedBitIsReportedAndRejectedWithVerify) {
  WS_REQUIRE_SHARED_PCAPS();
  auto frame = corrupted_echo_request();
  ASSERT_GT(frame.size(), 60u);
  frame.back() ^= 0x01;  // last byte of the echo data
  const auto eth = EthernetFrame::check(frame);
  ASSERT_TRUE(eth.ok());
  const auto ip = Ipv4Packet::check(eth->payload());
  ASSERT_TRUE(ip.ok());
  const auto packet = IcmpPacket::check(ip->payload());
  ASSERT_TRUE(packet.ok());
  EXPECT_FALSE(packet->checksum_valid());

  const auto shown = IcmpRepr::parse(*packet, ChecksumCheck::kIgnore);
  ASSERT_TRUE(shown.ok());
  EXPECT_FALSE(shown->checksum_valid);
  const auto verified = IcmpRepr::parse(*packet, ChecksumCheck::kVerify);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error(), ParseError::kBadChecksum);

  const Dissection d = dissect_ethernet_frame(frame);
  ASSERT_NE(d.find("icmp.checksum.status"), nullptr);
  EXPECT_EQ(*d.find("icmp.checksum.status"), "0");
}

}  // namespace
}  // namespace ws::test
