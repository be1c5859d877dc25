// `wirestack read` end to end: every shared capture, JSON Lines that parse and agree with
// tshark, and the usage errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "shared_captures.h"
#include "support/test_env.h"
#include "tshark_lines.h"

namespace ws::test {
namespace {

CommandResult wirestack_read(std::vector<std::string> args) {
  args.insert(args.begin(), {wirestack_binary().string(), "read"});
  return run_command(args);
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool have_python() {
  return run_command({"python3", "--version"}).exit_code == 0;
}

TEST(ReadCommand, EverySharedCaptureReadsWithExitZeroInEveryMode) {
  WS_REQUIRE_SHARED_PCAPS();
  for (const auto& capture : read_shared_captures()) {
    const std::string path = capture.path.string();
    const auto lines = wirestack_read({path});
    EXPECT_EQ(lines.exit_code, 0) << path << ": " << lines.err;
    EXPECT_EQ(line_count(lines.out), capture.frames.size()) << path;
    EXPECT_EQ(lines.err, "") << path;
    const auto json = wirestack_read({path, "--json"});
    EXPECT_EQ(json.exit_code, 0) << path << ": " << json.err;
    EXPECT_EQ(line_count(json.out), capture.frames.size()) << path;
    const auto detail = wirestack_read({path, "--detail"});
    EXPECT_EQ(detail.exit_code, 0) << path << ": " << detail.err;
    EXPECT_GT(line_count(detail.out), capture.frames.size()) << path;
  }
}

// Prints, for every JSON line of `file`, the first value of each of `keys` joined by '|' (as
// `tshark -T fields` would); a line that is not JSON makes python exit non-zero.
constexpr const char* kJsonToFields = R"(
import json, sys
keys = sys.argv[2].split(",")
for line in open(sys.argv[1]):
    obj = json.loads(line)
    assert isinstance(obj, dict)
    cells = []
    for k in keys:
        v = obj.get(k, "")
        cells.append(v[0] if isinstance(v, list) else v)
    print("|".join(cells))
)";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ReadCommand, JsonLinesAreValidJsonOnEveryCaptureAndEqualTsharkOnCleanOnes) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  if (!have_python()) GTEST_SKIP() << "python3 absent";
  const std::string joined =
      "frame.number,frame.len,frame.cap_len,eth.src,eth.type,arp.opcode,arp.src.proto_ipv4,"
      "ip.src,ip.dst,ip.id,ip.ttl,ip.flags.mf,ip.frag_offset,ip.checksum.status,icmp.type,"
      "icmp.code,icmp.checksum.status";
  const std::vector<std::string> keys = split_cells(joined, ',');
  const auto scratch = scratch_dir("ReadCommand.JsonLines");
  // Captures whose every frame dissects cleanly.
  const std::set<std::string> compared_with_tshark = {"local-veth-arp-icmp-frag-dns-http.pcap",
                                                      "local-veth-corrupted.pcap",
                                                      "local-tap-arp-icmp-tcp-udp.pcap",
                                                      "dhcp-rfc4388.pcap",
                                                      "afs-frag-slice.pcap",
                                                      "eapon1.pcap"};
  std::size_t compared = 0;
  for (const auto& path : shared_pcap_files()) {
    const std::string name = path.filename().string();
    const auto json = wirestack_read({path.string(), "--json"});
    ASSERT_EQ(json.exit_code, 0) << name;
    const auto out_file = scratch / (name + ".jsonl");
    std::ofstream(out_file) << json.out;
    const auto fields = run_command({"python3", "-c", kJsonToFields, out_file.string(), joined});
    ASSERT_EQ(fields.exit_code, 0) << name << ": not JSON Lines: " << fields.err;
    if (!compared_with_tshark.contains(name)) continue;
    // frame.cap_len as libpcap reads it: these captures have no record longer than snaplen.
    auto theirs = tshark_fields(path, keys, "", {"ip.defragment:FALSE"});
    for (auto& line : theirs) line = first_occurrences(line);
    EXPECT_EQ(split_lines(fields.out), theirs) << name;
    ++compared;
  }
  EXPECT_EQ(compared, compared_with_tshark.size());
}

TEST(ReadCommand, CountStopsAfterNFrames) {
  WS_REQUIRE_SHARED_PCAPS();
  const auto r =
      wirestack_read({(*shared_pcaps_dir() / "eapon1.pcap").string(), "--count", "3", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(line_count(r.out), 3u);
}

TEST(ReadCommand, HelpExitsZeroAndDescribesEveryOption) {
  const auto r = wirestack_read({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--detail", "--json", "--count"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

// Each bad invocation: exit code 2, nothing on stdout, one line on stderr.
TEST(ReadCommand, BadUsageExitsTwoWithOneLineOnStderr) {
  const std::string any = "capture.pcap";
  const std::vector<std::vector<std::string>> bad = {
      {},                           // no FILE
      {any, "--frobnicate"},        // unknown option
      {any, "--count"},             // missing number
      {any, "--count", "zero"},     // not a number
      {any, "--count", "0"},        // not positive
      {any, "--json", "--detail"},  // exclusive modes
      {any, "other.pcap"},          // two files
  };
  for (const auto& args : bad) {
    const auto r = wirestack_read(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exit_code, 2) << shown;
    EXPECT_EQ(r.out, "") << shown;
    EXPECT_EQ(line_count(r.err), 1u) << shown << ": " << r.err;
  }
}

TEST(ReadCommand, UnreadableFileExitsOneWithOneLineOnStderr) {
  const auto not_a_capture = scratch_dir("ReadCommand.Unreadable") / "notes.txt";
  std::ofstream(not_a_capture) << "not a capture\n";
  for (const std::string& path :
       {std::string("/nonexistent/capture.pcap"), not_a_capture.string()}) {
    const auto r = wirestack_read({path});
    EXPECT_EQ(r.exit_code, 1) << path;
    EXPECT_EQ(r.out, "") << path;
    EXPECT_EQ(line_count(r.err), 1u) << path << ": " << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace ws::test
