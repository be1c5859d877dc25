// Hostile input: seeded mutations of real frames through every view, Repr and printer. Nothing
// may read out of bounds (run under ASan/UBSan), and whatever parses must emit back to the same
// bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "frames.h"
#include "wirestack/base/checksum.h"
#include "wirestack/base/rng.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws {
namespace {

using test::to_vector;

// An ICMP time exceeded quoting kEchoFrame's datagram, as a router would send it.
std::vector<std::uint8_t> time_exceeded_frame() {
  const auto quote = IcmpRepr::time_exceeded(icmp_time_exceeded::kTtl, test::echo_ip());
  Ipv4Repr ip;
  ip.src = Ipv4Address::of(10, 0, 0, 1);
  ip.dst = Ipv4Address::of(192, 168, 0, 10);
  ip.protocol = ip_proto::kIcmp;
  ip.payload_len = static_cast<std::uint16_t>(quote.len());
  std::vector<std::uint8_t> f(test::kEchoFrame, test::kEchoFrame + 14);
  f.resize(14 + ip.total_len());
  ip.emit(MutableBytes(f).subspan(14));
  quote.emit(MutableBytes(f).subspan(34));
  return f;
}

void refresh_checksums(std::vector<std::uint8_t>& f, Rng& rng) {
  if (f.size() < 34 || load_be16(&f[12]) != ethertype::kIpv4) return;
  const std::size_t hlen = (f[14] & 0x0fu) * 4u;
  if (hlen < 20 || f.size() < 14 + hlen) return;
  if (rng.chance(0.7)) {
    store_be16(&f[24], 0);
    store_be16(&f[24], internet_checksum(Bytes(f).subspan(14, hlen)));
  }
  const std::size_t total = load_be16(&f[16]);
  if (f[23] == ip_proto::kIcmp && total >= hlen + 8 && 14 + total <= f.size() && rng.chance(0.7)) {
    MutableBytes icmp = MutableBytes(f).subspan(14 + hlen, total - hlen);
    store_be16(&icmp[2], 0);
    store_be16(&icmp[2], internet_checksum(icmp));
  }
}

std::vector<std::uint8_t> mutate(const std::vector<std::uint8_t>& seed, Rng& rng) {
  auto f = seed;
  const std::uint64_t edits = 1 + rng.below(4);
  for (std::uint64_t i = 0; i < edits; ++i) {
    switch (rng.below(4)) {
      case 0:  // a random byte anywhere
        f[rng.below(f.size())] = static_cast<std::uint8_t>(rng.next_u32());
        break;
      case 1:  // a random byte among the headers, where the length fields live
        f[rng.below(std::min<std::size_t>(f.size(), 50))] =
            static_cast<std::uint8_t>(rng.next_u32());
        break;
      case 2:  // cut short
        f.resize(rng.below(f.size() + 1));
        break;
      case 3:  // padded
        f.resize(f.size() + rng.below(64), 0);
        break;
    }
    if (f.empty()) return f;
  }
  refresh_checksums(f, rng);
  return f;
}

// Parses every layer it can; whatever parses strictly must emit back to its own bytes.
void check_frame(Bytes frame, std::size_t& round_trips) {
  ASSERT_FALSE(describe_frame(frame).empty());
  auto eth = EthernetFrame::check(frame);
  if (!eth) return;
  const EthernetRepr e = EthernetRepr::parse(*eth);
  std::vector<std::uint8_t> out(e.header_len());
  e.emit(out);
  ASSERT_EQ(out, to_vector(frame.first(eth->header_len())));
  if (eth->ethertype() == ethertype::kArp) {
    auto arp = ArpPacket::check(eth->payload());
    if (!arp) return;
    auto r = ArpRepr::parse(*arp);
    if (!r) return;
    std::uint8_t bytes[kArpPacketLen];
    r->emit(bytes);
    ASSERT_EQ(to_vector(bytes), to_vector(arp->bytes()));
    ++round_trips;
  }
  if (eth->ethertype() != ethertype::kIpv4) return;
  auto ip = Ipv4Packet::check(eth->payload());
  if (!ip) return;
  (void)Ipv4Repr::parse(*ip, ChecksumCheck::kIgnore);
  auto r = Ipv4Repr::parse(*ip);
  if (!r) return;
  out.assign(r->header_len(), 0);
  r->emit(out);
  ASSERT_EQ(out, to_vector(ip->header()));
  ++round_trips;
  if (r->protocol != ip_proto::kIcmp || r->frag_offset != 0 || r->more_fragments) return;
  auto icmp = IcmpPacket::check(ip->payload());
  if (!icmp) return;
  if (auto any = IcmpRepr::parse(*icmp, ChecksumCheck::kIgnore)) (void)any->to_string();
  auto m = IcmpRepr::parse(*icmp);
  if (!m) return;
  out.assign(m->len(), 0);
  m->emit(out);
  ASSERT_EQ(out, to_vector(ip->payload()));
  ++round_trips;
}

TEST(WireRobustness, MutatedFramesNeverReadOutOfBoundsAndWhatParsesEmitsBackIdentically) {
  const std::vector<std::vector<std::uint8_t>> seeds = {
      to_vector(test::kEchoFrame), to_vector(test::kArpRequestFrame), time_exceeded_frame()};
  Rng rng(2026);
  std::size_t round_trips = 0;
  for (int i = 0; i < 30000; ++i) {
    const auto f = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
    check_frame(f, round_trips);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(round_trips, 10000u);  // the property was exercised, not vacuously true
}

TEST(WireRobustness, RandomNoiseOfEveryShortLengthIsHandled) {
  Rng rng(1);
  std::size_t round_trips = 0;
  for (std::uint32_t len = 0; len < 128; ++len) {
    for (int i = 0; i < 50; ++i) {
      std::vector<std::uint8_t> f(len);
      for (auto& b : f) b = static_cast<std::uint8_t>(rng.next_u32());
      if (len >= 14) store_be16(&f[12], (i & 1) ? ethertype::kIpv4 : ethertype::kArp);
      check_frame(f, round_trips);
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace ws
