// `wirestack dig` and `wirestack traceroute` as a user runs them: dig's output layout, +trace's
// referral steps, traceroute's hop lines, captures tshark accepts and `wirestack read` dissects,
// and a one-line error with exit status 2 for a bad command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "support/test_env.h"

namespace ws::test {
namespace {

CommandResult wirestack(std::vector<std::string> args) {
  args.insert(args.begin(), wirestack_binary().string());
  return run_command(args);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DigCommand, PrintsTheAnswerLikeDig) {
  const auto r = wirestack({"dig", "www.google.com"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\n; <<>> wirestack dig <<>> www.google.com\n")) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: [0-9]+\n")))
      << r.out;
  EXPECT_TRUE(contains(r.out,
                       ";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, "
                       "ADDITIONAL: 0\n"));
  EXPECT_TRUE(contains(r.out, ";; QUESTION SECTION:\n;www.google.com.\t\t\tIN\tA\n"));
  EXPECT_TRUE(contains(r.out, ";; ANSWER SECTION:\nwww.google.com.\t300\tIN\tA\t192.0.2.100\n"));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(";; Query time: [1-9][0-9]* msec\n")));
  EXPECT_TRUE(contains(r.out, ";; SERVER: 203.0.113.66#53(203.0.113.66) (UDP)\n"));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(";; MSG SIZE  rcvd: [0-9]+\n")));
}

TEST(DigCommand, NonexistentNameIsNxdomainWithExitZero) {
  const auto r = wirestack({"dig", "nosuchhost.google.com", "A"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "status: NXDOMAIN")) << r.out;
  // The zone's SOA comes along, its TTL the negative TTL (RFC 2308 §3), as dig shows it.
  EXPECT_TRUE(contains(r.out,
                       ";; AUTHORITY SECTION:\ngoogle.com.\t60\tIN\tSOA\tns1.google.com. "
                       "dns-admin.google.com. 1 900 900 1800 60\n"));
}

TEST(DigCommand, AtServerByNameAsksThatServer) {
  const auto r = wirestack({"dig", "@a.root-servers.net", "www.google.com"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The root does not recurse: a referral to com. with glue.
  EXPECT_TRUE(contains(r.out, ";; flags: qr rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1")) << r.out;
  EXPECT_TRUE(
      contains(r.out, ";; AUTHORITY SECTION:\ncom.\t172800\tIN\tNS\ta.gtld-servers.net.\n"));
  EXPECT_TRUE(contains(r.out, ";; SERVER: 198.51.100.130#53(a.root-servers.net) (UDP)\n"));
}

TEST(DigCommand, TraceShowsEachReferralFromTheRoot) {
  const auto r = wirestack({"dig", "+trace", "www.google.com"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::regex steps(
      ".\t518400\tIN\tNS\ta.root-servers.net.\n"
      ";; Received [0-9]+ bytes from 203.0.113.66#53\\(203.0.113.66\\) in [0-9]+ ms\n\n"
      "com.\t172800\tIN\tNS\ta.gtld-servers.net.\n"
      ";; Received [0-9]+ bytes from 198.51.100.130#53\\(a.root-servers.net\\) in [0-9]+ ms\n\n"
      "google.com.\t172800\tIN\tNS\tns1.google.com.\n"
      ";; Received [0-9]+ bytes from 198.51.100.131#53\\(a.gtld-servers.net\\) in [0-9]+ ms\n\n"
      "www.google.com.\t300\tIN\tA\t192.0.2.100\n"
      ";; Received [0-9]+ bytes from 192.0.2.53#53\\(ns1.google.com\\) in [0-9]+ ms\n");
  EXPECT_TRUE(std::regex_search(r.out, steps)) << r.out;
}

TEST(DigCommand, SameSeedSameOutputOtherSeedOtherId) {
  const auto a = wirestack({"dig", "www.google.com", "--seed", "7"});
  const auto b = wirestack({"dig", "www.google.com", "--seed", "7"});
  const auto c = wirestack({"dig", "www.google.com", "--seed", "8"});
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
}

TEST(DigCommand, CapturesPassTsharkAndReadShowsUdpAndDnsKeys) {
  const auto dir = scratch_dir("dig_command_captures");
  const auto r = wirestack({"dig", "www.google.com", "--pcap-dir", dir.string(), "--events",
                            (dir / "events.jsonl").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto read = wirestack({"read", (dir / "home-lan-p0.pcap").string(), "--json"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_TRUE(contains(read.out, "\"udp.dstport\":\"53\"")) << read.out;
  EXPECT_TRUE(contains(read.out, "\"dns.qry.name\":\"www.google.com\""));
  EXPECT_TRUE(contains(read.out, "\"dns.a\":\"192.0.2.100\""));
  // The resolver's walk is in the events, in JSON Lines.
  const auto events =
      run_command({"grep", "-c", "\"what\":\"referral\"", (dir / "events.jsonl").string()});
  EXPECT_EQ(events.out, "2\n");
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed: captures not validated";
  EXPECT_EQ(tshark_validate_dir(dir), "");
}

TEST(TracerouteCommand, ResolvesTheNameAndPrintsEveryHopLikeLinux) {
  const auto r = wirestack({"traceroute", "www.google.com"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::regex lines(
      "^traceroute to www.google.com \\(192.0.2.100\\), 30 hops max, 60 byte packets\n"
      " 1  192.168.0.1(  [0-9]+\\.[0-9]{3} ms){3}\n"
      " 2  203.0.113.1(  [0-9]+\\.[0-9]{3} ms){3}\n"
      " 3  198.51.100.2(  [0-9]+\\.[0-9]{3} ms){3}\n"
      " 4  198.51.100.6(  [0-9]+\\.[0-9]{3} ms){3}\n"
      " 5  198.51.100.10(  [0-9]+\\.[0-9]{3} ms){3}\n"
      " 6  192.0.2.100(  [0-9]+\\.[0-9]{3} ms){3}\n$");
  EXPECT_TRUE(std::regex_search(r.out, lines)) << r.out;
}

TEST(TracerouteCommand, MaxHopsShortOfTheDestinationExitsOne) {
  const auto r = wirestack({"traceroute", "192.0.2.100", "--max-hops", "2", "--queries", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, " 2  203.0.113.1  ")) << r.out;
}

TEST(TracerouteCommand, MissingHostEndsInBangHAfterTheTimeLikeLinux) {
  // backbone1 gives up on ARP for the address after 3 s and answers host unreachable.
  const auto r = wirestack({"traceroute", "198.51.100.200", "--queries", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("\n 4  198\\.51\\.100\\.2  3[0-9]{3}\\.[0-9]{3} ms !H\n$")))
      << r.out;
}

TEST(DnsCommands, BadCommandLinesGiveOneLineAndExitTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"dig"},
      {"dig", "www.google.com", "+short"},
      {"dig", "www.google.com", "A", "extra"},
      {"dig", "@", "www.google.com"},
      {"dig", "www.google.com", "--seed", "x"},
      {"dig", "www.google.com", "--nope"},
      {"traceroute"},
      {"traceroute", "a", "b"},
      {"traceroute", "192.0.2.100", "--max-hops", "0"},
      {"traceroute", "192.0.2.100", "--queries", "11"},
      {"traceroute", "nosuchhost.google.com"},
  };
  for (const auto& args : bad) {
    const auto r = wirestack(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << (args.size() > 1 ? args[1] : "");
    EXPECT_TRUE(r.err.starts_with("wirestack " + args[0] + ": ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace ws::test
