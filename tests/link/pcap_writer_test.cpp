#include "wirestack/link/pcap/pcap_writer.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <vector>

#include "support/raw_frames.h"
#include "support/test_env.h"
#include "wirestack/link/pcap/pcap_capture.h"
#include "wirestack/sim/link.h"

namespace ws {
namespace {

using test::Frame;

struct ReadBack {
  int link_type = 0;
  int snaplen = 0;
  std::vector<pcap_pkthdr> headers;
  std::vector<Frame> frames;
};

// Reads a capture with libpcap itself (nanosecond timestamps).
ReadBack read_back(const std::string& path) {
  ReadBack r;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  EXPECT_NE(p, nullptr) << errbuf;
  if (p == nullptr) return r;
  r.link_type = pcap_datalink(p);
  r.snaplen = pcap_snapshot(p);
  pcap_pkthdr* h;
  const u_char* data;
  while (pcap_next_ex(p, &h, &data) == 1) {
    r.headers.push_back(*h);
    r.frames.emplace_back(data, data + h->caplen);
  }
  pcap_close(p);
  return r;
}

Frame arp() {
  return test::arp_request(test::mac(1), Ipv4Address::of(192, 168, 1, 10),
                           Ipv4Address::of(192, 168, 1, 1));
}
Frame echo(std::uint16_t seq) {
  return test::icmp_echo(test::mac(2), test::mac(1), Ipv4Address::of(192, 168, 1, 10),
                         Ipv4Address::of(203, 0, 113, 10), 0x1234, seq);
}

TEST(PcapWriter, WritesFramesThatLibpcapAndTsharkReadBack) {
  const auto path = (test::scratch_dir("pcap_writer_roundtrip") / "out.pcap").string();
  const std::vector<Frame> frames = {arp(), echo(1), echo(2)};
  const std::vector<Instant> times = {Instant::from_nanos(0), Instant::from_nanos(1'500'000'123),
                                      Instant::from_nanos(3'000'000'000 + 999'999'999)};
  {
    auto writer = PcapWriter::open(path);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (std::size_t i = 0; i < frames.size(); ++i) (*writer)->record(times[i], frames[i]);
    EXPECT_EQ((*writer)->frames(), 3u);
    EXPECT_TRUE((*writer)->flush().ok());
  }
  const ReadBack r = read_back(path);
  EXPECT_EQ(r.link_type, DLT_EN10MB);
  EXPECT_EQ(r.snaplen, 262144);  // tcpdump's default
  ASSERT_EQ(r.frames.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.frames[i], frames[i]);
    EXPECT_EQ(r.headers[i].len, frames[i].size());
    EXPECT_EQ(r.headers[i].ts.tv_sec, times[i].nanos() / 1'000'000'000);
    EXPECT_EQ(r.headers[i].ts.tv_usec, times[i].nanos() % 1'000'000'000);  // nanoseconds
  }
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed";
  EXPECT_EQ(test::tshark_validate(path), "");
  EXPECT_EQ(test::tshark_fields(path, {"frame.time_epoch", "eth.type", "arp.opcode", "icmp.seq"}),
            (std::vector<std::string>{"0.000000000|0x0806|1|", "1.500000123|0x0800||1",
                                      "3.999999999|0x0800||2"}));
}

TEST(PcapWriter, KeepsA64KibSegmentWholeAndCutsLongerFramesToTheSnapLength) {
  const auto path = (test::scratch_dir("pcap_writer_snaplen") / "big.pcap").string();
  constexpr std::size_t kTsoFrame = 65535 + 14;  // the largest TCP segment a tap hands over
  constexpr std::size_t kHuge = PcapWriter::kSnapLen + 1000;
  {
    auto writer = PcapWriter::open(path);
    ASSERT_TRUE(writer.ok());
    (*writer)->record(Instant{}, Frame(kTsoFrame, 0xab));
    (*writer)->record(Instant{}, Frame(kHuge, 0xcd));
  }
  const ReadBack r = read_back(path);
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].len, kTsoFrame);
  EXPECT_EQ(r.headers[0].caplen, kTsoFrame);
  EXPECT_EQ(r.headers[1].len, kHuge);
  EXPECT_EQ(r.headers[1].caplen, PcapWriter::kSnapLen);
}

TEST(PcapWriter, OpeningWhereNoFileCanBeIsATypedError) {
  auto writer = PcapWriter::open("/nonexistent-dir/x/out.pcap");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().kind, PcapWriteError::Kind::kOpen);
  EXPECT_NE(writer.error().message.find("/nonexistent-dir/x/out.pcap"), std::string::npos)
      << writer.error().message;
}

TEST(PcapCapture, RecordsFramesInAndOutWithTheirTimes) {
  const auto path = (test::scratch_dir("pcap_capture") / "eth0.pcap").string();
  {
    auto writer = PcapWriter::open(path);
    ASSERT_TRUE(writer.ok());
    sim::Scheduler scheduler;
    sim::Link link("l", sim::LinkConfig{.latency = Duration::millis(1)}, scheduler);
    PcapCapture eth0(link.a(), **writer);
    eth0.transmit(Instant{}, echo(1));
    link.b().transmit(Instant{}, echo(2));
    EXPECT_EQ(eth0.poll_at(), Instant{} + Duration::millis(1));
    EXPECT_FALSE(eth0.receive(Instant{}));
    EXPECT_TRUE(eth0.receive(Instant{} + Duration::millis(1)));
    EXPECT_EQ(eth0.caps().mtu, 1500u);
  }
  const ReadBack r = read_back(path);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0], echo(1));
  EXPECT_EQ(r.frames[1], echo(2));
  EXPECT_EQ(r.headers[1].ts.tv_usec, 1'000'000);  // 1 ms, in nanoseconds
}

}  // namespace
}  // namespace ws
