// DNS messages from the shared real captures: fields equal to tshark's, parse -> emit -> parse
// stable, malformed captures rejected with typed errors.
#include <gtest/gtest.h>

#include <optional>

#include "support/test_env.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/dns.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"
#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

struct DnsFrame {
  std::uint64_t number;
  std::vector<std::uint8_t> message;
};

// The DNS message of each frame to or from port 53 (over TCP: after the 2-byte length).
std::vector<DnsFrame> dns_frames(const std::string& file) {
  std::vector<DnsFrame> out;
  const auto dir = test::shared_pcaps_dir();
  if (!dir) return out;
  auto reader = PcapReader::open((*dir / file).string());
  EXPECT_TRUE(reader.ok());
  if (!reader) return out;
  while (true) {
    auto next = reader->next();
    if (!next || !*next) break;
    const CapturedFrame& f = **next;
    auto eth = EthernetFrame::check(f.data);
    if (!eth) continue;
    auto ip = Ipv4Packet::check(eth->payload());
    if (!ip || ip->frag_offset() != 0) continue;
    Bytes payload;
    if (ip->protocol() == ip_proto::kUdp) {
      if (ip->payload().size() < kUdpHeaderLen) continue;
      const Bytes udp = ip->payload();
      if (load_be16(&udp[0]) != kPort && load_be16(&udp[2]) != kPort) continue;
      payload = udp.subspan(kUdpHeaderLen);
    } else if (ip->protocol() == ip_proto::kTcp) {
      auto tcp = TcpPacket::check(ip->payload());
      if (!tcp || (tcp->src_port() != kPort && tcp->dst_port() != kPort)) continue;
      if (tcp->payload().size() < 2) continue;
      payload = tcp->payload().subspan(2);  // RFC 1035 §4.2.2 length prefix
    } else {
      continue;
    }
    out.push_back({f.number, {payload.begin(), payload.end()}});
  }
  return out;
}

const std::vector<std::string> kFields = {
    "frame.number",      "dns.id",           "dns.flags.response", "dns.flags.opcode",
    "dns.flags.authoritative", "dns.flags.truncated", "dns.flags.recdesired",
    "dns.flags.recavail", "dns.flags.rcode",  "dns.count.queries",  "dns.count.answers",
    "dns.count.auth_rr", "dns.count.add_rr", "dns.qry.name",       "dns.qry.type",
    "dns.resp.name",     "dns.resp.type",    "dns.resp.ttl",       "dns.a",
    "dns.cname",         "dns.ns",           "dns.aaaa"};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

// tshark's name text: no trailing dot, "<Root>" for the root.
std::string tshark_name(const DnsName& n) {
  if (n.is_root()) return "<Root>";
  std::string s = n.to_string();
  s.pop_back();
  return s;
}

// Our parse in `tshark -T fields -E separator=|` form for kFields.
std::string our_line(std::uint64_t number, const DnsMessage& m) {
  const DnsHeader& h = m.header;
  std::vector<std::string> f;
  auto b = [](bool v) { return std::string(v ? "1" : "0"); };
  f.push_back(std::to_string(number));
  f.push_back(strprintf("0x%04x", h.id));
  f.push_back(b(h.qr));
  f.push_back(std::to_string(h.opcode));
  f.push_back(h.qr ? b(h.aa) : "");  // tshark shows AA and RA for responses only
  f.push_back(b(h.tc));
  f.push_back(b(h.rd));
  f.push_back(h.qr ? b(h.ra) : "");
  f.push_back(h.qr ? std::to_string(h.rcode) : "");
  f.push_back(std::to_string(m.questions.size()));
  f.push_back(std::to_string(m.answers.size()));
  f.push_back(std::to_string(m.authority.size()));
  f.push_back(std::to_string(m.additional.size()));
  std::vector<std::string> qn, qt, rn, rt, ttl, a, cname, ns, aaaa;
  for (const auto& q : m.questions) {
    qn.push_back(tshark_name(q.name));
    qt.push_back(std::to_string(q.type));
  }
  for (const auto* section : {&m.answers, &m.authority, &m.additional}) {
    for (const auto& r : *section) {
      rn.push_back(tshark_name(r.name));
      rt.push_back(std::to_string(r.type));
      if (r.type != rr_type::kOpt) ttl.push_back(std::to_string(r.ttl));
      const std::string data = r.data_string();
      if (r.type == rr_type::kA) a.push_back(data);
      if (r.type == rr_type::kAaaa) aaaa.push_back(data);
      if (r.type == rr_type::kCname) cname.push_back(tshark_name(*r.target()));
      if (r.type == rr_type::kNs) ns.push_back(tshark_name(*r.target()));
    }
  }
  for (const auto* v : {&qn, &qt, &rn, &rt, &ttl, &a, &cname, &ns, &aaaa}) f.push_back(join(*v));
  std::string line;
  for (std::size_t i = 0; i < f.size(); ++i) line += (i ? "|" : "") + f[i];
  return line;
}

class DnsCaptures : public ::testing::TestWithParam<const char*> {};

TEST_P(DnsCaptures, FieldsEqualTsharksAndRoundTrip) {
  if (!test::shared_pcaps_dir()) GTEST_SKIP() << "../shared/pcaps not found";
  if (!test::have_tshark()) GTEST_SKIP() << "tshark not installed";
  const auto frames = dns_frames(GetParam());
  ASSERT_FALSE(frames.empty());
  const auto expected =
      test::tshark_fields(*test::shared_pcaps_dir() / GetParam(), kFields, "dns");
  ASSERT_EQ(expected.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto m = DnsMessage::parse(frames[i].message);
    ASSERT_TRUE(m.ok()) << "frame " << frames[i].number << ": " << to_string(m.error());
    EXPECT_EQ(our_line(frames[i].number, *m), expected[i]);
    auto again = DnsMessage::parse(m->emit());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *m) << "frame " << frames[i].number;
  }
}

INSTANTIATE_TEST_SUITE_P(Shared, DnsCaptures,
                         ::testing::Values("dns_udp.pcap", "edns-opts.pcap", "dns_tcp.pcap",
                                           "local-veth-arp-icmp-frag-dns-http.pcap"));

TEST(DnsCaptures, TcpdumpOneLiners) {
  const auto frames = dns_frames("dns_udp.pcap");
  if (frames.empty()) GTEST_SKIP() << "../shared/pcaps not found";
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(DnsMessage::parse(frames[0].message)->summary(frames[0].message.size()),
            "22836+ [1au] A? www.tcpdump.org. (56)");
  EXPECT_EQ(DnsMessage::parse(frames[1].message)->summary(frames[1].message.size()),
            "22836*- 2/2/5 A 192.139.46.66, A 198.199.88.104 (224)");
}

// describe_frame prints DNS on port 53 as tcpdump does.
TEST(DnsCaptures, FrameLinesAsTcpdump) {
  const auto dir = test::shared_pcaps_dir();
  if (!dir) GTEST_SKIP() << "../shared/pcaps not found";
  auto reader = PcapReader::open((*dir / "dns_udp.pcap").string());
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> lines;
  while (true) {
    auto next = reader->next();
    if (!next || !*next) break;
    lines.push_back(describe_frame((*next)->data));
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "IP 192.168.1.11.43966 > 209.87.249.18.53: 22836+ [1au] A? www.tcpdump.org. (56)");
  EXPECT_EQ(lines[1],
            "IP 209.87.249.18.53 > 192.168.1.11.43966: 22836*- 2/2/5 A 192.139.46.66, A "
            "198.199.88.104 (224)");
}

// The dissection's dns.* fields, as tshark prints them for the veth capture's response.
TEST(DnsCaptures, DissectionFields) {
  const auto dir = test::shared_pcaps_dir();
  if (!dir) GTEST_SKIP() << "../shared/pcaps not found";
  auto reader = PcapReader::open((*dir / "local-veth-arp-icmp-frag-dns-http.pcap").string());
  ASSERT_TRUE(reader.ok());
  std::optional<Dissection> response;
  while (true) {
    auto next = reader->next();
    if (!next || !*next) break;
    if ((*next)->number == 14) response = dissect_ethernet_frame((*next)->data);
  }
  ASSERT_TRUE(response);
  EXPECT_EQ(response->failed_layer(), nullptr);
  EXPECT_EQ(*response->find("dns.id"), "0xed70");
  EXPECT_EQ(*response->find("dns.flags"), "0x8580");
  EXPECT_EQ(*response->find("dns.flags.authoritative"), "1");
  EXPECT_EQ(*response->find("dns.qry.name"), "test.example");
  EXPECT_EQ(*response->find("dns.resp.ttl"), "0");
  EXPECT_EQ(*response->find("dns.a"), "10.9.9.9");
}

TEST(DnsCaptures, MalformedCapturesAreTypedErrors) {
  const auto fwd = dns_frames("dns_fwdptr.pcap");
  if (fwd.empty()) GTEST_SKIP() << "../shared/pcaps not found";
  for (const auto& f : fwd) {
    auto m = DnsMessage::parse(f.message);
    ASSERT_FALSE(m.ok());
    EXPECT_TRUE(m.error() == DnsError::kCountTooLarge || m.error() == DnsError::kForwardPointer)
        << to_string(m.error());
  }
  // UDP length 0: the message is empty (too short for a header); the bytes the capture has
  // after the UDP header do not parse either.
  const auto zlip = dns_frames("dns-zlip-1.pcap");
  ASSERT_EQ(zlip.size(), 1u);
  EXPECT_EQ(DnsMessage::parse(Bytes(zlip[0].message).first(0)).error(), DnsError::kTruncated);
  EXPECT_FALSE(DnsMessage::parse(zlip[0].message).ok());
}

}  // namespace
}  // namespace ws::dns
