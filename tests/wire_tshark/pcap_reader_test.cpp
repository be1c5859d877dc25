// PcapReader against tshark on the shared captures, and its typed errors.
#include "wirestack/link/pcap/pcap_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "shared_captures.h"
#include "support/test_env.h"

namespace ws::test {
namespace {

std::string epoch_string(Instant t) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%09lld", static_cast<long long>(t.nanos() / 1000'000'000),
                static_cast<long long>(t.nanos() % 1000'000'000));
  return buf;
}

// Every frame's number, time, length and captured length as "n|epoch|len|cap_len".
std::vector<std::string> reader_summary(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  auto reader = PcapReader::open(path.string());
  if (!reader) return {"open failed: " + reader.error().message};
  while (true) {
    auto next = reader->next();
    if (!next) return {"read failed: " + next.error().message};
    if (!*next) break;
    const auto& f = **next;
    lines.push_back(std::to_string(f.number) + "|" + epoch_string(f.timestamp) + "|" +
                    std::to_string(f.orig_len) + "|" + std::to_string(f.data.size()));
  }
  return lines;
}

// tshark's "n|epoch|len|cap_len" lines with cap_len cut to the file's snapshot length, as
// libpcap cuts records (icmp-icmp_print-oobr-1.pcap has 64-byte records and snaplen 37).
std::vector<std::string> tshark_summary(const std::filesystem::path& path, int snapshot_len) {
  auto lines =
      tshark_fields(path, {"frame.number", "frame.time_epoch", "frame.len", "frame.cap_len"});
  for (auto& line : lines) {
    const auto bar = line.rfind('|');
    const int cap_len = std::stoi(line.substr(bar + 1));
    line = line.substr(0, bar + 1) + std::to_string(std::min(cap_len, snapshot_len));
  }
  return lines;
}

TEST(PcapReader, FramesTimesAndLengthsEqualTsharkOnEverySharedCapture) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  std::size_t frames = 0;
  for (const auto& path : shared_pcap_files()) {
    auto reader = PcapReader::open(path.string());
    ASSERT_TRUE(reader.ok()) << path;
    const auto ours = reader_summary(path);
    EXPECT_EQ(ours, tshark_summary(path, reader->snapshot_len())) << path;
    frames += ours.size();
  }
  EXPECT_GT(frames, 400u);
}

// Two fuzz files set high bits in the link-type field; pptp.pcap is big-endian.
TEST(PcapReader, EverySharedCaptureIsEthernetIncludingOddLinkTypeBitsAndBigEndian) {
  WS_REQUIRE_SHARED_PCAPS();
  for (const auto& path : shared_pcap_files()) {
    auto reader = PcapReader::open(path.string());
    ASSERT_TRUE(reader.ok()) << path;
    EXPECT_EQ(reader->link_type(), kLinkTypeEthernet) << path;
  }
}

TEST(PcapReader, ReadsPcapngLikeTheSamePcap) {
  WS_REQUIRE_SHARED_PCAPS();
  if (run_command({"editcap", "--version"}).exit_code != 0) GTEST_SKIP() << "editcap absent";
  const auto pcap = *shared_pcaps_dir() / "local-veth-arp-icmp-frag-dns-http.pcap";
  const auto pcapng = scratch_dir("PcapReader.ReadsPcapng") / "veth.pcapng";
  ASSERT_EQ(run_command({"editcap", "-F", "pcapng", pcap.string(), pcapng.string()}).exit_code, 0);
  const auto ours = reader_summary(pcapng);
  EXPECT_EQ(ours.size(), 26u);
  EXPECT_EQ(ours, reader_summary(pcap));
}

TEST(PcapReader, MissingFileIsNotFound) {
  auto reader = PcapReader::open("/nonexistent/capture.pcap");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().kind, PcapReadError::Kind::kNotFound);
  EXPECT_NE(reader.error().message.find("/nonexistent/capture.pcap"), std::string::npos);
}

TEST(PcapReader, FileThatIsNotACaptureCannotBeOpened) {
  const auto path = scratch_dir("PcapReader.NotACapture") / "notes.txt";
  std::ofstream(path) << "these are not the packets you are looking for\n";
  auto reader = PcapReader::open(path.string());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().kind, PcapReadError::Kind::kOpen);
}

TEST(PcapReader, RecordCutShortIsCorruptAfterTheGoodFrames) {
  // A little-endian pcap header (v2.4, snaplen 65535, Ethernet), one whole 14-byte record and
  // one record that claims 60 bytes but has 10.
  std::vector<std::uint8_t> file = {0xd4, 0xc3, 0xb2, 0xa1, 2,    0,    4, 0, 0, 0, 0, 0,
                                    0,    0,    0,    0,    0xff, 0xff, 0, 0, 1, 0, 0, 0};
  auto add_record = [&](std::uint8_t claimed, std::size_t present) {
    const std::uint8_t header[16] = {1, 0, 0, 0, 0, 0, 0, 0, claimed, 0, 0, 0, claimed, 0, 0, 0};
    file.insert(file.end(), header, header + 16);
    file.insert(file.end(), present, 0xab);
  };
  add_record(14, 14);
  add_record(60, 10);
  const auto path = scratch_dir("PcapReader.CutShort") / "cut.pcap";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));

  auto reader = PcapReader::open(path.string());
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  auto first = reader->next();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->data.size(), 14u);
  auto second = reader->next();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, PcapReadError::Kind::kCorrupt);
}

}  // namespace
}  // namespace ws::test
