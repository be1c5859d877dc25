// `wirestack transfer` end to end (the binary from WIRESTACK_BIN): its report and exit codes,
// its captures checked by tshark (checksums, nothing malformed, no TCP analysis finding that
// would be a protocol error of ours), and `wirestack read` agreeing with tshark on their TCP
// fields, options included.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_env.h"

namespace ws::test {
namespace {

// The tshark checks cost tshark's time, not ours: the sanitizer pass skips them, as it skips
// the wire_tshark module (the command itself still runs under the sanitizers above them).
#if defined(__SANITIZE_ADDRESS__)
#define WS_REQUIRE_TSHARK_CHECKS() GTEST_SKIP() << "tshark checks skipped under the sanitizers"
#else
#define WS_REQUIRE_TSHARK_CHECKS() \
  if (!have_tshark()) GTEST_SKIP() << "tshark absent"
#endif

CommandResult transfer(std::vector<std::string> args) {
  args.insert(args.begin(), {wirestack_binary().string(), "transfer"});
  return run_command(args);
}

std::string line_value(const std::string& out, const std::string& label) {
  const std::regex re(label + R"(:\s*(.*))");
  std::smatch m;
  return std::regex_search(out, m, re) ? m[1].str() : "";
}

// tshark's TCP expert analysis flags that a fault on the path explains (loss, reordering,
// duplication) or that are normal flow control: anything else it reports is ours.
//   allowed: retransmission, fast_retransmission, spurious_retransmission, out_of_order,
//            duplicate_ack, lost_segment (a frame lost before the capture point),
//            window_update, window_full (we filled the receiver's window: allowed, not beyond)
//   ours:    ack_lost_segment (an ACK for data that never crossed the link: the receiver
//            acknowledged what it did not get; but tshark also raises it after path MTU
//            discovery re-cut the stream into smaller segments, so each one is checked against
//            the data segments captured: it is ours only when no segment ends there),
//            zero_window / zero_window_probe(_ack) (the receiver reads at once, so its window
//            never closes; probing an open window is wrong), keep_alive(_ack) (keepalive is
//            off; a segment looking like one has a bad sequence number), reused_ports (a
//            4-tuple reused too soon), and any malformed frame.
constexpr const char* kOurErrors =
    "tcp.analysis.ack_lost_segment || tcp.analysis.zero_window || "
    "tcp.analysis.zero_window_probe || tcp.analysis.zero_window_probe_ack || "
    "tcp.analysis.keep_alive || tcp.analysis.keep_alive_ack || tcp.analysis.reused_ports || "
    "_ws.malformed";

std::vector<std::string> our_errors(const std::filesystem::path& pcap) {
  const auto flagged = tshark_fields(pcap, {"frame.number", "_ws.expert.message", "tcp.ack_raw"},
                                     kOurErrors, {"tcp.relative_sequence_numbers:FALSE"});
  std::set<std::string> data_ends;
  std::vector<std::string> errors;
  for (const std::string& row : flagged) {
    const std::string ack = row.substr(row.rfind('|') + 1);
    if (row.find("ACKed segment that wasn't captured") != std::string::npos) {
      if (data_ends.empty()) {
        for (const std::string& seg : tshark_fields(pcap, {"tcp.seq_raw", "tcp.len"}, "tcp.len > 0",
                                                    {"tcp.relative_sequence_numbers:FALSE"})) {
          const auto bar = seg.find('|');
          data_ends.insert(std::to_string(static_cast<std::uint32_t>(
              std::stoul(seg.substr(0, bar)) + std::stoul(seg.substr(bar + 1)))));
        }
      }
      if (data_ends.count(ack)) continue;  // tshark's bookkeeping, not an unseen segment
    }
    errors.push_back(row);
  }
  return errors;
}

TEST(TransferCommand, ReportsThroughputRttAndEqualHashesAndExitsZero) {
  const auto r = transfer({"--bytes", "300k", "--seed", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(line_value(r.out, "bytes"), "300000 sent, 300000 received");
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex(R"(simulated time:\s+\d+\.\d+ s, [\d.]+ Mbit/s)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(wall clock:\s+\d+\.\d+ s, [\d.]+ Mbit/s)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(retransmissions:\s+0 segments)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(rtt:\s+srtt [\d.]+ ms, rttvar [\d.]+ ms)")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(segments:\s+sender \d+ sent)")));
  const std::string sent = line_value(r.out, "sha256 sent");
  EXPECT_TRUE(std::regex_match(sent, std::regex("[0-9a-f]{64}"))) << sent;
  EXPECT_EQ(line_value(r.out, "sha256 received"), sent);
  EXPECT_EQ(line_value(r.out, "connection"), "closed cleanly");
  // Same seed, same bytes.
  EXPECT_EQ(line_value(transfer({"--bytes", "300k", "--seed", "5"}).out, "sha256 sent"), sent);
}

TEST(TransferCommand, BadOptionsGiveOneLineAndExitTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bytes", "4x"},
                                               {"--loss", "200%"},
                                               {"--cc", "vegas"},
                                               {"--mtu", "100"},
                                               {"--rate", "0"},
                                               {"--frobnicate"},
                                               {"extra"},
                                               {"--delay"}}) {
    const auto r = transfer(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.err.starts_with("wirestack transfer: ")) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(TransferCommand, CleanRunOverANarrowPathCapturesPassTsharkWithNothingOfOurs) {
  WS_REQUIRE_TSHARK_CHECKS();
  const auto dir = scratch_dir("TransferCommand.Clean");
  const auto r = transfer({"--bytes", "200k", "--mtu", "1000", "--pcap-dir", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(line_value(r.out, "mss"), "948");  // 1000 - 40 - 12 (timestamps)
  for (const char* link : {"lan.pcap", "path.pcap"}) {
    EXPECT_EQ(tshark_validate(dir / link), "") << link;
    EXPECT_EQ(our_errors(dir / link), std::vector<std::string>{}) << link;
  }
  // Path MTU discovery: the first full-sized segments (DF) met r1's fragmentation needed on
  // the LAN; on the path no datagram is larger than its MTU.
  const auto lan = tshark_fields(dir / "lan.pcap", {"icmp.code", "ip.flags.df"},
                                 "icmp.type == 3 || (tcp.len > 1000)");
  EXPECT_TRUE(std::any_of(lan.begin(), lan.end(), [](const std::string& row) {
    return row.starts_with("4|0");  // the ICMP (no DF; its quote's DF follows)
  }));
  EXPECT_NE(std::find(lan.begin(), lan.end(), "|1"), lan.end());  // a big segment, DF set
  EXPECT_TRUE(tshark_fields(dir / "path.pcap", {"frame.number"}, "ip.len > 1000").empty());
}

TEST(TransferCommand, UnderFaultsTsharkFindsRetransmissionsButNoProtocolErrorOfOurs) {
  WS_REQUIRE_TSHARK_CHECKS();
  // Loss, reordering and duplication on the path (corruption is left out: corrupted frames
  // carry bad checksums by design, and r2 forwards them onto lan2).
  const auto dir = scratch_dir("TransferCommand.Faults");
  const auto r = transfer({"--bytes", "400k", "--loss", "5%", "--reorder", "5%", "--dup", "1%",
                           "--seed", "7", "--pcap-dir", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* link : {"lan.pcap", "path.pcap"}) {
    EXPECT_EQ(tshark_validate(dir / link), "") << link;
    EXPECT_EQ(our_errors(dir / link), std::vector<std::string>{}) << link;
  }
  // The faults' consequences are there: retransmissions, and SACK blocks announcing holes.
  const auto seen = tshark_fields(dir / "path.pcap", {"tcp.analysis.retransmission"},
                                  "tcp.analysis.retransmission || tcp.options.sack_le");
  EXPECT_GT(seen.size(), 10u);
}

// The value of `key` in one of `wirestack read --json`'s lines, arrays joined by ',' as tshark
// joins occurrences; "" when absent.
std::string json_value(const std::string& line, const std::string& key) {
  const std::string start = "\"" + key + "\":";
  auto at = line.find(start);
  if (at == std::string::npos) return "";
  at += start.size();
  if (line[at] != '[') return line.substr(at + 1, line.find('"', at + 1) - at - 1);
  std::string joined;
  const auto end = line.find(']', at);
  for (auto q = line.find('"', at); q < end; q = line.find('"', line.find('"', q + 1) + 1)) {
    if (!joined.empty()) joined += ',';
    joined += line.substr(q + 1, line.find('"', q + 1) - q - 1);
  }
  return joined;
}

TEST(TransferCommand, ReadDissectsTheCapturedTcpLikeTshark) {
  WS_REQUIRE_TSHARK_CHECKS();
  const auto dir = scratch_dir("TransferCommand.Read");
  ASSERT_EQ(
      transfer({"--bytes", "200k", "--loss", "3%", "--reorder", "3%", "--pcap-dir", dir.string()})
          .exit_code,
      0);
  const std::vector<std::string> keys = {"frame.number",
                                         "tcp.srcport",
                                         "tcp.dstport",
                                         "tcp.seq_raw",
                                         "tcp.ack_raw",
                                         "tcp.len",
                                         "tcp.flags",
                                         "tcp.window_size_value",
                                         "tcp.checksum.status",
                                         "tcp.options.mss_val",
                                         "tcp.options.wscale.shift",
                                         "tcp.options.sack_perm",
                                         "tcp.options.timestamp.tsval",
                                         "tcp.options.timestamp.tsecr",
                                         "tcp.options.sack_le",
                                         "tcp.options.sack_re"};
  const auto expected =
      tshark_fields(dir / "path.pcap", keys, "tcp", {"tcp.relative_sequence_numbers:FALSE"});
  const auto read =
      run_command({wirestack_binary().string(), "read", (dir / "path.pcap").string(), "--json"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  std::vector<std::string> actual;
  std::istringstream in(read.out);
  for (std::string line; std::getline(in, line);) {
    if (json_value(line, "tcp.srcport").empty()) continue;
    std::string row;
    for (const auto& key : keys) row += json_value(line, key) + "|";
    row.pop_back();
    actual.push_back(row);
  }
  ASSERT_GT(expected.size(), 100u);
  EXPECT_EQ(actual, expected);
}

}  // namespace
}  // namespace ws::test
