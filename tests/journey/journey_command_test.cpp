// `wirestack journey` as a user runs it: the captures it writes (NAT visible, valid for tshark,
// the HTTP stream recoverable), the HTML report in a real browser, determinism, the Korean
// narration and the errors for bad command lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_env.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {

using ws::Ipv4Address;
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

struct JourneyRun {
  fs::path dir;
  CommandResult result;
};

// Runs the journey with `args` plus --pcap-dir, --events and --html into a fresh directory.
JourneyRun journey(const std::string& name, std::vector<std::string> args = {}) {
  JourneyRun run{scratch_dir("journey_" + name), {}};
  std::vector<std::string> argv = {wirestack_binary().string(), "journey"};
  argv.insert(argv.end(), args.begin(), args.end());
  for (const char* a :
       {"--pcap-dir", "pcap", "--events", "events.jsonl", "--html", "report.html"}) {
    const std::string s = a;
    argv.push_back(s.find("--") == 0 ? s : (run.dir / s).string());
  }
  run.result = run_command(argv);
  return run;
}

const JourneyRun& cold() {
  static const JourneyRun run = journey("cold");
  return run;
}

std::vector<fs::path> captures(const JourneyRun& run) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(run.dir / "pcap")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(JourneyCommand, RunsToTheEndAndPrintsThePage) {
  const JourneyRun& run = cold();
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  EXPECT_NE(run.result.out.find("HTTP status: 200"), std::string::npos);
  EXPECT_NE(run.result.out.find("</html>"), std::string::npos);
  EXPECT_NE(run.result.out.find("TIME-WAIT -> CLOSED"), std::string::npos);
}

// The IPv4 source and destination of every datagram in a capture, read with our own reader.
std::vector<std::pair<Ipv4Address, Ipv4Address>> ip_addresses(const fs::path& pcap) {
  std::vector<std::pair<Ipv4Address, Ipv4Address>> out;
  auto reader = PcapReader::open(pcap.string());
  if (!reader) return out;
  for (;;) {
    auto frame = reader->next();
    if (!frame || !*frame) break;
    auto eth = EthernetFrame::check((*frame)->data);
    if (!eth || eth->ethertype() != ethertype::kIpv4) continue;
    if (auto ip = Ipv4Packet::check(eth->payload())) out.emplace_back(ip->src(), ip->dst());
  }
  return out;
}

TEST(JourneyCommand, CapturesShowThePrivateAddressOnlyInsideTheHome) {
  const JourneyRun& run = cold();
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  const Ipv4Address client = Ipv4Address::of(192, 168, 0, 10);
  const Ipv4Address public_address = Ipv4Address::of(203, 0, 113, 2);
  const Ipv4Cidr home = *Ipv4Cidr::parse("192.168.0.0/16");
  std::size_t inside = 0, beyond_public = 0;
  for (const fs::path& pcap : captures(run)) {
    const bool home_lan = pcap.filename().string().rfind("home-lan", 0) == 0;
    for (const auto& [src, dst] : ip_addresses(pcap)) {
      if (home_lan) {
        ++inside;
        EXPECT_TRUE(src == client || dst == client) << pcap << " " << src.to_string();
        EXPECT_TRUE(src != public_address && dst != public_address) << pcap;
      } else {
        EXPECT_FALSE(home.contains(src) || home.contains(dst)) << pcap << " " << src.to_string();
        beyond_public += src == public_address || dst == public_address;
      }
    }
  }
  EXPECT_GT(inside, 10u);
  EXPECT_GT(beyond_public, 10u);
}

// Validates every capture of `run` in one tshark pass over their merge (mergecap keeps each
// frame as it was), or one by one without mergecap.
void expect_valid_captures(const JourneyRun& run) {
  const auto pcaps = captures(run);
  ASSERT_GE(pcaps.size(), 10u);
  const fs::path merged = run.dir / "merged.pcapng";
  std::vector<std::string> argv = {"mergecap", "-w", merged.string()};
  for (const fs::path& p : pcaps) argv.push_back(p.string());
  if (run_command(argv).exit_code == 0) {
    EXPECT_EQ(tshark_validate(merged), "");
    return;
  }
  for (const fs::path& pcap : pcaps) EXPECT_EQ(tshark_validate(pcap), "") << pcap;
}

TEST(JourneyCommand, EveryCapturePassesTsharkValidation) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  const JourneyRun& run = cold();
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  expect_valid_captures(run);
}

TEST(JourneyCommand, TsharkFollowsTheHttpStreamToThePageTheClientPrinted) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  const JourneyRun& run = cold();
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  const std::string marker = "The page the browser got:\n";
  const auto at = run.result.out.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string page = run.result.out.substr(at + marker.size());
  ASSERT_NE(page.find("</html>"), std::string::npos);
  for (const char* capture : {"home-lan-p0.pcap", "google-lan-p2.pcap"}) {
    const auto follow = run_command({"tshark", "-n", "-r", (run.dir / "pcap" / capture).string(),
                                     "-q", "-z", "follow,tcp,ascii,0"});
    ASSERT_EQ(follow.exit_code, 0) << follow.err;
    std::istringstream lines(page);
    for (std::string line; std::getline(lines, line);) {
      EXPECT_NE(follow.out.find(line), std::string::npos) << capture << " lacks: " << line;
    }
  }
}

bool have_chromium() {
  static const bool present = run_command({"chromium", "--version"}).exit_code == 0;
  return present;
}

TEST(JourneyCommand, HtmlReportOpensInChromiumWithOneArrowPerFrameSent) {
  if (!have_chromium()) GTEST_SKIP() << "chromium not installed (apt-get install chromium)";
  const JourneyRun& run = cold();
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  const std::string url = "file://" + (run.dir / "report.html").string();
  const auto dom = run_command({"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                "--enable-logging=stderr", "--v=0", "--dump-dom", url});
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_NE(dom.out.find("data-ready=\"1\""), std::string::npos) << "the script did not finish";
  EXPECT_EQ(dom.out.find("data-js-error=\""), std::string::npos) << dom.out.substr(0, 400);
  EXPECT_EQ(dom.err.find("Uncaught"), std::string::npos) << dom.err;
  // One arrow per frame a node sent, as the events record them.
  const std::string events = slurp(run.dir / "events.jsonl");
  const std::size_t frames_sent =
      count(events, "\"kind\":\"frame\"") - count(events, "\"direction\":\"in\"");
  EXPECT_EQ(count(dom.out, "<g class=\"arrow "), frames_sent);
  EXPECT_GT(frames_sent, 50u);

  const fs::path png = run.dir / "ladder.png";
  const auto shot = run_command({"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                 "--window-size=1400,1000", "--screenshot=" + png.string(), url});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 30'000u);  // a drawn ladder, not a blank page
}

TEST(JourneyCommand, SameSeedSameEventsAndCapturesByteForByte) {
  const JourneyRun a = journey("seed_a", {"--seed", "5"});
  const JourneyRun b = journey("seed_b", {"--seed", "5"});
  const JourneyRun c = journey("seed_c", {"--seed", "6"});
  ASSERT_EQ(a.result.exit_code, 0) << a.result.err;
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err;
  EXPECT_EQ(slurp(a.dir / "events.jsonl"), slurp(b.dir / "events.jsonl"));
  EXPECT_NE(slurp(a.dir / "events.jsonl"), slurp(c.dir / "events.jsonl"));
  EXPECT_EQ(a.result.out, b.result.out);
  const auto pa = captures(a);
  ASSERT_EQ(pa.size(), captures(b).size());
  for (const fs::path& p : pa) {
    EXPECT_EQ(slurp(p), slurp(b.dir / "pcap" / p.filename())) << p.filename();
  }
}

TEST(JourneyCommand, WarmVisitPutsNoArpOrDnsOnTheWire) {
  const JourneyRun run = journey("warm", {"--warm"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  std::size_t datagrams = 0;
  for (const fs::path& pcap : captures(run)) {
    auto reader = PcapReader::open(pcap.string());
    ASSERT_TRUE(reader) << pcap;
    for (;;) {
      auto frame = reader->next();
      if (!frame || !*frame) break;
      const std::string line = describe_frame((*frame)->data);
      EXPECT_EQ(line.rfind("ARP", 0), std::string::npos) << pcap << ": " << line;
      EXPECT_EQ(line.find(".53:"), std::string::npos) << pcap << ": " << line;
      EXPECT_EQ(line.find(".53 >"), std::string::npos) << pcap << ": " << line;
      ++datagrams;
    }
  }
  EXPECT_GT(datagrams, 20u);
  EXPECT_NE(run.result.out.find("not on the wire"), std::string::npos);
}

TEST(JourneyCommand, LoseLastAckNarratesTheFinAnsweredFromTimeWait) {
  const JourneyRun run = journey("lose", {"--lose-last-ack"});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
  EXPECT_NE(run.result.out.find("fault: lost on purpose"), std::string::npos);
  EXPECT_NE(run.result.out.find("--lose-last-ack: the client's final ACK was lost"),
            std::string::npos);
  const std::string events = slurp(run.dir / "events.jsonl");
  EXPECT_NE(events.find("\"kind\":\"tcp_retransmit\""), std::string::npos);
}

// Every step's heading, in Korean: "S7 · ARP: 게이트웨이의 ...".
TEST(JourneyCommand, KoreanNarratesEveryStep) {
  const auto r = run_command({wirestack_binary().string(), "journey", "--lang", "ko"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<int, std::string> headings;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto s = line.find("S");
    const auto dot = line.find(" · ");
    if (s == std::string::npos || dot == std::string::npos || dot < s + 2 || dot > s + 3) continue;
    const std::string number = line.substr(s + 1, dot - s - 1);
    if (number.find_first_not_of("0123456789") != std::string::npos) continue;
    headings[std::stoi(number)] = line.substr(dot);
  }
  for (int step = 1; step <= 15; ++step) {
    ASSERT_TRUE(headings.count(step)) << "no heading for S" << step;
    const std::string& h = headings[step];
    const bool hangul = std::any_of(h.begin(), h.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u >= 0xea && u <= 0xed;
    });
    EXPECT_TRUE(hangul) << "S" << step << h;
  }
  EXPECT_NE(r.out.find("요약"), std::string::npos);
}

TEST(JourneyCommand, BadCommandLinesGiveOneLineErrorAndExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"--lang", "fr"},
      {"--loss", "abc"},
      {"--bogus"},
      {"ftp://www.google.com/"},
      {"a", "b"},
      {"--seed", "-1"},
      {"--html"},
      {"http://x:0/"},
      {"--reorder", "200%"},
      {"--html", "/nonexistent-dir/x.html"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv = {wirestack_binary().string(), "journey"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_EQ(count(r.err, "\n"), 1u) << args[0] << ": " << r.err;
    EXPECT_EQ(r.err.rfind("wirestack journey: ", 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty()) << args[0];
  }
}

}  // namespace
}  // namespace ws::test
