// The reordering oracle of support/linux_impairment.h on hand-made captures: an IPv4 packet is
// counted as overtaken only when a packet of its own flow with a later identification came first.
#include "support/linux_impairment.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "support/test_env.h"
#include "wirestack/base/bytes.h"
#include "wirestack/link/pcap/pcap_writer.h"

namespace ws::test {
namespace {

struct Packet {
  std::uint8_t src_last;  // 10.200.0.<src_last> -> 10.200.0.9
  std::uint16_t id;
  std::uint16_t ethertype = 0x0800;
};

// Ethernet + the first 20 bytes of an IPv4 header (TCP), all the counter reads.
std::vector<std::uint8_t> frame(const Packet& p) {
  std::vector<std::uint8_t> f(34, 0);
  store_be16(&f[12], p.ethertype);
  f[14] = 0x45;
  store_be16(&f[18], p.id);
  f[23] = 6;
  const std::uint8_t src[4] = {10, 200, 0, p.src_last};
  const std::uint8_t dst[4] = {10, 200, 0, 9};
  for (int i = 0; i < 4; ++i) {
    f[26 + i] = src[i];
    f[30 + i] = dst[i];
  }
  return f;
}

std::uint64_t overtaken_in(const std::vector<Packet>& packets, std::uint64_t* ipv4 = nullptr) {
  const auto file = scratch_dir("overtaken") / "c.pcap";
  {
    auto writer = PcapWriter::open(file.string());
    EXPECT_TRUE(writer.ok());
    for (const Packet& p : packets) (*writer)->record(Instant{}, frame(p));
  }
  std::uint64_t count = 0;
  const std::uint64_t overtaken = count_overtaken_ipv4(file, &count);
  if (ipv4) *ipv4 = count;
  return overtaken;
}

TEST(LinuxImpairmentOracle, APacketBehindANewerOneOfItsFlowIsOvertaken) {
  std::uint64_t ipv4 = 0;
  EXPECT_EQ(overtaken_in({{1, 10}, {1, 11}, {1, 13}, {1, 12}, {1, 14}}, &ipv4), 1u);
  EXPECT_EQ(ipv4, 5u);
  // Held behind two: still one packet overtaken, the others arrived in order.
  EXPECT_EQ(overtaken_in({{1, 10}, {1, 12}, {1, 13}, {1, 11}, {1, 14}}), 1u);
}

TEST(LinuxImpairmentOracle, OtherFlowsWrapAndNonIpv4AreNotReordering) {
  // A second source with smaller identifications, the 16-bit wrap, and an ARP frame.
  EXPECT_EQ(overtaken_in({{1, 500}, {2, 7}, {1, 501}, {2, 8}, {1, 65535, 0x0806}, {2, 9}}), 0u);
  EXPECT_EQ(overtaken_in({{1, 65534}, {1, 65535}, {1, 0}, {1, 1}}), 0u);
  EXPECT_EQ(overtaken_in({{1, 65535}, {1, 0}, {1, 65534}}), 1u);
}

}  // namespace
}  // namespace ws::test
