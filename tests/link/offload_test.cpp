// The pure part of tap offload (link/tap/offload.h): reading the virtio-net header and making a
// frame whole, checksum finished, as the kernel leaves it with VIRTIO_NET_HDR_F_NEEDS_CSUM.
#include "wirestack/link/tap/offload.h"

#include <gtest/gtest.h>

#include <vector>

#include "wirestack/base/checksum.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws {
namespace {

constexpr Ipv4Address kSrc = Ipv4Address::of(10, 200, 0, 1);
constexpr Ipv4Address kDst = Ipv4Address::of(10, 200, 0, 2);
constexpr std::size_t kL4 = 14 + 20;  // where TCP/UDP starts in the frame

// Ethernet + IPv4 header bytes (only the span from kL4 matters here) + a TCP segment with
// `payload_len` bytes of data and a correct checksum.
std::vector<std::uint8_t> tcp_frame(std::size_t payload_len) {
  TcpRepr r;
  r.src_port = 40000;
  r.dst_port = 5001;
  r.seq = Seq(7);
  r.ack = Seq(9);
  r.flags = tcp_flag::kAck;
  r.window = 512;
  std::vector<std::uint8_t> frame(kL4 + r.header_len() + payload_len);
  for (std::size_t i = 0; i < payload_len; ++i) {
    frame[kL4 + r.header_len() + i] = static_cast<std::uint8_t>(i * 7 + 3);
  }
  r.emit(MutableBytes(frame).subspan(kL4), kSrc, kDst);
  return frame;
}

// What the kernel hands over with NEEDS_CSUM: the field holds the pseudo-header's folded sum.
void leave_partial(std::vector<std::uint8_t>& frame, std::size_t field, std::uint8_t protocol) {
  const auto len = static_cast<std::uint16_t>(frame.size() - kL4);
  const auto partial = static_cast<std::uint16_t>(
      ~checksum_finish(ipv4_pseudo_header_sum(kSrc, kDst, protocol, len)));
  store_be16(&frame[field], partial);
}

VirtioNetHeader needs_checksum(std::uint16_t offset) {
  return {
      .flags = VirtioNetHeader::kNeedsChecksum, .checksum_start = kL4, .checksum_offset = offset};
}

TEST(TapOffload, HeaderReadsWhatWriteWrote) {
  const VirtioNetHeader h{.flags = 1,
                          .gso_type = VirtioNetHeader::kGsoTcpV4,
                          .header_len = 66,
                          .gso_size = 1448,
                          .checksum_start = 34,
                          .checksum_offset = 16};
  std::uint8_t bytes[VirtioNetHeader::kSize];
  h.write(bytes);
  const VirtioNetHeader back = VirtioNetHeader::read(bytes);
  EXPECT_EQ(back.flags, h.flags);
  EXPECT_EQ(back.gso_type, h.gso_type);
  EXPECT_EQ(back.header_len, h.header_len);
  EXPECT_EQ(back.gso_size, h.gso_size);
  EXPECT_EQ(back.checksum_start, h.checksum_start);
  EXPECT_EQ(back.checksum_offset, h.checksum_offset);
}

TEST(TapOffload, PartialTcpChecksumIsFinishedToTheWireValue) {
  // Odd and even lengths, up to a whole 64 KiB TSO segment.
  for (std::size_t len : {0u, 1u, 1447u, 1448u, 65535u - 40u}) {
    auto frame = tcp_frame(len);
    const std::uint16_t wire = load_be16(&frame[kL4 + 16]);
    leave_partial(frame, kL4 + 16, ip_proto::kTcp);
    ASSERT_NE(load_be16(&frame[kL4 + 16]), wire);
    VirtioNetHeader h = needs_checksum(16);
    h.gso_type = VirtioNetHeader::kGsoTcpV4;
    EXPECT_EQ(complete_received_frame(h, frame), std::nullopt);
    EXPECT_EQ(load_be16(&frame[kL4 + 16]), wire) << len << " bytes of data";
    auto packet = TcpPacket::check(Bytes(frame).subspan(kL4));
    ASSERT_TRUE(packet.ok());
    EXPECT_TRUE(packet->checksum_valid(kSrc, kDst));
  }
}

TEST(TapOffload, AFrameWithoutNeedsChecksumIsLeftAlone) {
  auto frame = tcp_frame(100);
  const auto before = frame;
  EXPECT_EQ(complete_received_frame({}, frame), std::nullopt);
  EXPECT_EQ(frame, before);
}

TEST(TapOffload, UdpChecksumThatSumsToZeroIsSentAsAllOnes) {
  // RFC 768: a computed zero is transmitted as 0xffff (zero means "no checksum"). Search for
  // a payload byte that makes the sum come out zero.
  bool found = false;
  for (int b = 0; b < 65536 && !found; ++b) {
    std::vector<std::uint8_t> frame(kL4 + 8 + 2);
    UdpRepr u{.src_port = 53, .dst_port = 40000};
    frame[kL4 + 8] = static_cast<std::uint8_t>(b >> 8);
    frame[kL4 + 9] = static_cast<std::uint8_t>(b);
    u.emit(MutableBytes(frame).subspan(kL4), kSrc, kDst);
    if (load_be16(&frame[kL4 + 6]) != 0xffff) continue;
    found = true;
    leave_partial(frame, kL4 + 6, ip_proto::kUdp);
    EXPECT_EQ(complete_received_frame(needs_checksum(6), frame), std::nullopt);
    EXPECT_EQ(load_be16(&frame[kL4 + 6]), 0xffff);
  }
  EXPECT_TRUE(found);
}

TEST(TapOffload, AChecksumSpanOutsideTheFrameIsRefused) {
  auto frame = tcp_frame(10);
  VirtioNetHeader h = needs_checksum(16);
  h.checksum_start = static_cast<std::uint16_t>(frame.size());
  EXPECT_EQ(complete_received_frame(h, frame), OffloadError::kBadChecksumSpan);
  h = needs_checksum(static_cast<std::uint16_t>(frame.size() - kL4 - 1));  // field half out
  EXPECT_EQ(complete_received_frame(h, frame), OffloadError::kBadChecksumSpan);
}

TEST(TapOffload, SegmentationTypesNotNegotiatedAreRefused) {
  auto frame = tcp_frame(10);
  const std::uint8_t not_asked[] = {3, 4, 5, 0x81};  // UDP, TCPv6, UDP L4, TCPv4 with ECN
  for (std::uint8_t type : not_asked) {
    VirtioNetHeader h{.gso_type = type};
    EXPECT_EQ(complete_received_frame(h, frame), OffloadError::kUnsupportedGso) << int(type);
  }
}

}  // namespace
}  // namespace ws
