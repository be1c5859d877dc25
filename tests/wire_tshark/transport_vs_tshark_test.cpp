// UDP and TCP against tshark on every shared capture: every field of our dissection equals
// tshark's, every segment parses or is rejected with a typed error, parse -> emit gives the
// segment back, and `wirestack read --json` carries the udp.* / tcp.* keys.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shared_captures.h"
#include "support/test_env.h"
#include "tshark_lines.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"
#include "wirestack/wire/udp.h"

namespace ws::test {
namespace {

// clang-format off
const std::vector<std::string> kFields = {
    "udp.srcport", "udp.dstport", "udp.length", "udp.checksum", "udp.checksum.status",
    "tcp.srcport", "tcp.dstport", "tcp.len", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len",
    "tcp.flags", "tcp.flags.res", "tcp.flags.ae", "tcp.flags.cwr", "tcp.flags.ece",
    "tcp.flags.urg", "tcp.flags.ack", "tcp.flags.push", "tcp.flags.reset", "tcp.flags.syn",
    "tcp.flags.fin", "tcp.window_size_value", "tcp.checksum", "tcp.checksum.status",
    "tcp.urgent_pointer", "tcp.options.mss_val", "tcp.options.wscale.shift",
    "tcp.options.sack_perm", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
    "tcp.options.sack.count", "tcp.options.sack_le", "tcp.options.sack_re"};
// clang-format on

// tshark's settings that our dissection follows: no reassembly, absolute SACK edges.
const std::vector<std::string> kPreferences = {"ip.defragment:FALSE",
                                               "tcp.relative_sequence_numbers:FALSE"};

// Every value of a field, joined like tshark's "-E aggregator=,".
std::string all_values(const Dissection& d, const std::string& field) {
  std::string joined;
  bool any = false;
  for (const auto& layer : d.layers) {
    for (const auto& f : layer.fields) {
      if (f.name != field) continue;
      joined += (any ? "," : "") + f.value;
      any = true;
    }
  }
  return joined;
}

bool has_layer(const Dissection& d, const std::string& name) {
  for (const auto& layer : d.layers) {
    if (layer.name == name) return true;
  }
  return false;
}

// Why tshark shows a field we do not, or differs: nullptr when it must not.
const char* difference_reason(const Dissection& d, const std::string& field,
                              const std::string& ours, const std::string& theirs) {
  const std::string protocol = field.substr(0, field.find('.'));
  if (ours.empty()) {
    if (const auto* failed = d.failed_layer()) {
      if (failed->name == protocol || !has_layer(d, protocol)) return to_string(*failed->error);
    }
    // An ICMP error quotes the offending datagram's UDP/TCP header; tshark dissects it.
    if (has_layer(d, "icmp") && !has_layer(d, protocol)) return "quoted datagram";
    return nullptr;
  }
  // In an AccECN connection tshark shows the three bits as one counter, tcp.flags.ace.
  if (theirs.empty() &&
      (field == "tcp.flags.ae" || field == "tcp.flags.cwr" || field == "tcp.flags.ece")) {
    return "AccECN ACE counter";
  }
  return nullptr;
}

TEST(TransportVsTshark, EveryUdpAndTcpFieldEqualsTsharkOnEverySharedCapture) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  std::size_t compared = 0, frames = 0;
  std::ostringstream notes;
  std::vector<std::string> columns = {"frame.number"};
  columns.insert(columns.end(), kFields.begin(), kFields.end());
  for (const auto& capture : read_shared_captures()) {
    const std::string file = capture.path.filename().string();
    const auto lines = tshark_fields(capture.path, columns, "", kPreferences);
    ASSERT_EQ(lines.size(), capture.frames.size()) << file;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto cells = split_cells(lines[i]);
      ASSERT_EQ(cells.size(), columns.size()) << file << ": " << lines[i];
      const Dissection d = dissect_ethernet_frame(capture.frames[i].data);
      ++frames;
      for (std::size_t f = 0; f < kFields.size(); ++f) {
        const std::string& field = kFields[f];
        const std::string ours = all_values(d, field);
        // The SACK edges are compared whole; other fields by their first occurrence (an ICMP
        // error's quoted header is the second).
        const bool whole = field.find("sack_") != std::string::npos;
        const std::string theirs = whole ? cells[f + 1] : first_occurrence(cells[f + 1]);
        if (ours == theirs) {
          if (!ours.empty()) ++compared;
          continue;
        }
        const char* reason = difference_reason(d, field, ours, theirs);
        EXPECT_NE(reason, nullptr) << file << " frame " << capture.frames[i].number << " " << field
                                   << ": ours " << ours << ", tshark " << theirs;
        if (reason) {
          notes << "  " << file << " #" << capture.frames[i].number << " " << field << " ours '"
                << ours << "' tshark '" << theirs << "' (" << reason << ")\n";
        }
      }
    }
  }
  std::cout << "compared " << compared << " UDP/TCP field values in " << frames
            << " frames; differences:\n"
            << notes.str();
  EXPECT_GT(compared, 4000u);
}

struct Tally {
  std::size_t udp = 0, tcp = 0, identical = 0, relaid = 0, bad_checksum = 0;
  std::map<std::string, std::size_t> rejected;  // "tcp: malformed" -> count
};

std::vector<std::uint8_t> copy(Bytes b) {
  return {b.begin(), b.end()};
}

void check_udp(const Ipv4Packet& ip, const std::string& where, Tally& t) {
  const auto packet = UdpPacket::check(ip.payload());
  if (!packet) {
    ++t.rejected[std::string("udp: ") + to_string(packet.error())];
    return;
  }
  const auto udp = UdpRepr::parse(*packet, ip.src(), ip.dst(), ChecksumCheck::kIgnore);
  ASSERT_TRUE(udp.ok()) << where;
  ++t.udp;
  if (!udp->checksum_valid) {
    ++t.bad_checksum;
    EXPECT_EQ(UdpRepr::parse(*packet, ip.src(), ip.dst()).error(), ParseError::kBadChecksum);
    return;
  }
  std::vector<std::uint8_t> out = copy(packet->bytes().first(packet->length()));
  std::fill_n(out.begin(), kUdpHeaderLen, 0xee);
  udp->emit(out, ip.src(), ip.dst());
  // A zero checksum (none sent) comes back computed; everything else byte for byte.
  if (udp->checksum == 0) std::fill_n(out.begin() + 6, 2, 0);
  EXPECT_EQ(out, copy(packet->bytes().first(packet->length()))) << where << " UDP";
  ++t.identical;
}

void check_tcp(const Ipv4Packet& ip, const std::string& where, Tally& t) {
  const auto packet = TcpPacket::check(ip.payload());
  if (!packet) {
    ++t.rejected[std::string("tcp: ") + to_string(packet.error())];
    return;
  }
  const auto tcp = TcpRepr::parse(*packet, ip.src(), ip.dst(), ChecksumCheck::kIgnore);
  if (!tcp) {
    ++t.rejected[std::string("tcp: ") + to_string(tcp.error())];
    return;
  }
  ++t.tcp;
  if (!tcp->checksum_valid) {
    ++t.bad_checksum;
    EXPECT_EQ(TcpRepr::parse(*packet, ip.src(), ip.dst()).error(), ParseError::kBadChecksum);
    return;
  }
  const Bytes payload = packet->payload();
  std::vector<std::uint8_t> out(tcp->header_len() + payload.size(), 0xee);
  std::copy(payload.begin(), payload.end(), out.begin() + tcp->header_len());
  tcp->emit(out, ip.src(), ip.dst());
  if (out == copy(packet->bytes())) {
    ++t.identical;
    return;
  }
  // Options laid out other than Linux's way (or unknown kinds, which we drop) come back in our
  // layout: the same segment, option for option.
  const auto again = TcpPacket::check(out);
  ASSERT_TRUE(again.ok()) << where;
  const auto reparsed = TcpRepr::parse(*again, ip.src(), ip.dst());
  ASSERT_TRUE(reparsed.ok()) << where;
  EXPECT_EQ(copy(again->payload()), copy(payload)) << where;
  EXPECT_EQ(copy(again->bytes().first(12)), copy(packet->bytes().first(12))) << where;
  EXPECT_EQ(reparsed->flags, tcp->flags);
  EXPECT_EQ(reparsed->window, tcp->window);
  EXPECT_EQ(reparsed->options.mss, tcp->options.mss) << where;
  EXPECT_EQ(reparsed->options.window_scale, tcp->options.window_scale) << where;
  EXPECT_EQ(reparsed->options.sack_permitted, tcp->options.sack_permitted) << where;
  EXPECT_EQ(reparsed->options.timestamps, tcp->options.timestamps) << where;
  EXPECT_EQ(reparsed->options.sack_count, tcp->options.sack_count) << where;
  ++t.relaid;
}

TEST(TransportRoundTrip, EverySegmentParsesOrIsRejectedAndValidOnesEmitBack) {
  WS_REQUIRE_SHARED_PCAPS();
  Tally t;
  for (const auto& capture : read_shared_captures()) {
    for (const auto& frame : capture.frames) {
      const auto eth = EthernetFrame::check(frame.data);
      if (!eth || eth->ethertype() != ethertype::kIpv4) continue;
      const auto ip = Ipv4Packet::check(eth->payload());
      if (!ip || ip->frag_offset() != 0 || ip->more_fragments()) continue;
      const std::string where =
          capture.path.filename().string() + " frame " + std::to_string(frame.number);
      if (ip->protocol() == ip_proto::kUdp) check_udp(*ip, where, t);
      if (ip->protocol() == ip_proto::kTcp) check_tcp(*ip, where, t);
    }
  }
  std::cout << "parsed " << t.udp << " UDP and " << t.tcp << " TCP headers (" << t.bad_checksum
            << " with bad checksums); emitted back " << t.identical << " byte for byte and "
            << t.relaid << " with options relaid like Linux; rejected:";
  for (const auto& [why, n] : t.rejected) std::cout << " " << why << " x" << n;
  std::cout << "\n";
  EXPECT_GT(t.udp, 150u);
  EXPECT_GT(t.tcp, 130u);
  EXPECT_GT(t.identical, 240u);
}

TEST(ReadCommand, JsonCarriesUdpAndTcpKeys) {
  WS_REQUIRE_SHARED_PCAPS();
  const auto pcap = *shared_pcaps_dir() / "local-veth-arp-icmp-frag-dns-http.pcap";
  const auto r = run_command({wirestack_binary().string(), "read", "--json", pcap.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key :
       {"\"udp.srcport\":\"40771\"", "\"udp.checksum.status\":\"1\"", "\"tcp.flags\":\"0x0002\"",
        "\"tcp.options.mss_val\":\"1460\"", "\"tcp.options.wscale.shift\":\"10\"",
        "\"tcp.options.timestamp.tsval\":\"706926205\"", "\"tcp.seq_raw\":\"4239376751\""}) {
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace ws::test
