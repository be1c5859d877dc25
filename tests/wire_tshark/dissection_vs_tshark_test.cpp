// Our dissection, field by field against tshark's: every frame of the shared captures, and
// synthetic frames of kinds they lack.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "shared_captures.h"
#include "support/test_env.h"
#include "tshark_lines.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/ethernet.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::test {
namespace {

// clang-format off
const std::vector<std::string> kFields = {
    "eth.dst", "eth.src", "eth.type", "eth.len",
    "vlan.priority", "vlan.dei", "vlan.id", "vlan.etype",
    "ieee8021ad.priority", "ieee8021ad.dei", "ieee8021ad.id", "ieee8021ah.etype",
    "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode",
    "arp.src.hw_mac", "arp.src.hw", "arp.src.proto_ipv4", "arp.src.proto",
    "arp.dst.hw_mac", "arp.dst.hw", "arp.dst.proto_ipv4", "arp.dst.proto",
    "ip.version", "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags", "ip.flags.rb",
    "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum",
    "ip.checksum.status", "ip.src", "ip.dst",
    "icmp.type", "icmp.code", "icmp.checksum", "icmp.checksum.status", "icmp.ident",
    "icmp.seq", "icmp.mtu"};
// clang-format on

bool has_layer(const Dissection& d, std::string_view name) {
  for (const auto& layer : d.layers) {
    if (layer.name == name) return true;
  }
  return false;
}

bool is_icmp_error(const Dissection& d) {
  const std::string* type = d.find("icmp.type");
  return type && (*type == "3" || *type == "4" || *type == "5" || *type == "11" || *type == "12");
}

// Why tshark may show a field we do not: we stopped at a layer that does not parse (tshark
// still shows what it can of it and of what follows), or the field belongs to the datagram an
// ICMP error quotes, which tshark dissects and we leave as data.
const char* absence_reason(const Dissection& d, const std::string& field) {
  const std::string protocol = field.substr(0, field.find('.'));
  if (const auto* failed = d.failed_layer()) {
    if (failed->name == protocol || !has_layer(d, protocol)) return to_string(*failed->error);
  }
  if ((field == "icmp.ident" || field == "icmp.seq") && is_icmp_error(d)) return "quoted datagram";
  return nullptr;
}

struct Tally {
  std::size_t frames = 0;
  std::size_t compared = 0;
  std::ostringstream notes;  // fields tshark shows and we do not, and why
};

// Compares our dissection of every frame of `pcap` with tshark's, field by field.
void compare_with_tshark(const Capture& capture, Tally& tally) {
  std::vector<std::string> columns = {"frame.number"};
  columns.insert(columns.end(), kFields.begin(), kFields.end());
  const std::string file = capture.path.filename().string();
  // Without reassembly, as we dissect: a first fragment's ICMP header is shown unverified.
  const auto lines = tshark_fields(capture.path, columns, "", {"ip.defragment:FALSE"});
  ASSERT_EQ(lines.size(), capture.frames.size()) << file;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& frame = capture.frames[i];
    const auto cells = split_cells(lines[i]);
    ASSERT_EQ(cells.size(), columns.size()) << file << ": " << lines[i];
    ASSERT_EQ(cells[0], std::to_string(frame.number));
    const Dissection d = dissect_ethernet_frame(frame.data);
    ++tally.frames;
    for (std::size_t f = 0; f < kFields.size(); ++f) {
      const std::string& field = kFields[f];
      const std::string theirs = first_occurrence(cells[f + 1]);
      const std::string* ours = d.find(field);
      if (ours) {
        EXPECT_EQ(*ours, theirs) << file << " frame " << frame.number << " " << field;
        ++tally.compared;
      } else if (!theirs.empty()) {
        const char* reason = absence_reason(d, field);
        EXPECT_NE(reason, nullptr) << file << " frame " << frame.number << ": tshark has " << field
                                   << "=" << theirs << ", we have nothing";
        if (reason) {
          tally.notes << "  " << file << " #" << frame.number << " " << field << "=" << theirs
                      << " (" << reason << ")\n";
        }
      }
    }
  }
}

TEST(DissectionVsTshark, EveryEthernetArpIpv4IcmpFieldEqualsTsharkOnEverySharedCapture) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  Tally tally;
  const auto captures = read_shared_captures();
  for (const auto& capture : captures) compare_with_tshark(capture, tally);
  std::cout << "compared " << tally.compared << " field values in " << tally.frames << " frames of "
            << captures.size() << " captures; tshark shows these and we do not:\n"
            << tally.notes.str();
  EXPECT_GT(captures.size(), 20u);
  EXPECT_GT(tally.compared, 5000u);
}

// Frames the shared captures lack, built with our Reprs, written with libpcap.
class SyntheticFrames {
 public:
  static constexpr MacAddress kA{{0x02, 0, 0, 0, 0, 0x0a}};
  static constexpr MacAddress kB{{0x02, 0, 0, 0, 0, 0x0b}};

  static std::vector<std::uint8_t> ethernet(EthernetRepr eth, Bytes payload) {
    std::vector<std::uint8_t> out(std::max<std::size_t>(eth.header_len() + payload.size(), 60));
    eth.emit(MutableBytes(out).first(eth.header_len()));
    std::copy(payload.begin(), payload.end(), out.begin() + eth.header_len());
    return out;
  }
  static std::vector<std::uint8_t> ipv4(Ipv4Repr ip, Bytes payload) {
    ip.payload_len = static_cast<std::uint16_t>(payload.size());
    std::vector<std::uint8_t> out(ip.total_len());
    ip.emit(MutableBytes(out).first(ip.header_len()));
    std::copy(payload.begin(), payload.end(), out.begin() + ip.header_len());
    return out;
  }
  static std::vector<std::uint8_t> icmp(const IcmpRepr& icmp) {
    std::vector<std::uint8_t> out(icmp.len());
    icmp.emit(out);
    return out;
  }
  static Ipv4Repr ip_header(std::uint8_t protocol) {
    Ipv4Repr ip;
    ip.src = Ipv4Address::of(192, 0, 2, 1);
    ip.dst = Ipv4Address::of(198, 51, 100, 7);
    ip.protocol = protocol;
    ip.ident = 0x4242;
    return ip;
  }
  static EthernetRepr eth_header(std::uint16_t type) { return {kA, kB, type, std::nullopt}; }

  static void write(const std::filesystem::path& path,
                    const std::vector<std::vector<std::uint8_t>>& frames) {
    pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(dumper, nullptr) << pcap_geterr(dead);
    for (std::size_t i = 0; i < frames.size(); ++i) {
      pcap_pkthdr header{};
      header.ts.tv_sec = static_cast<time_t>(i);
      header.caplen = header.len = static_cast<bpf_u_int32>(frames[i].size());
      pcap_dump(reinterpret_cast<u_char*>(dumper), &header, frames[i].data());
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
  }
};

TEST(DissectionVsTshark, SyntheticVlanLlcOptionsFragmentsAndIcmpKindsEqualTshark) {
  WS_REQUIRE_TSHARK();
  using F = SyntheticFrames;
  const std::uint8_t ping_data[] = {'w', 'i', 'r', 'e', 's', 't', 'a', 'c', 'k', '!'};
  const auto echo = F::icmp(IcmpRepr::echo_request(0x1234, 7, ping_data));
  const auto echo_datagram = F::ipv4(F::ip_header(ip_proto::kIcmp), echo);
  std::vector<std::vector<std::uint8_t>> frames;

  EthernetRepr tagged = F::eth_header(ethertype::kIpv4);
  tagged.vlan_tci = (5u << 13) | 100u;
  frames.push_back(F::ethernet(tagged, echo_datagram));

  Ipv4Repr df = F::ip_header(ip_proto::kIcmp);
  df.dont_fragment = true;
  df.ttl = 1;
  const auto frag_needed =
      IcmpRepr::dest_unreachable(icmp_unreach::kFragNeeded, echo_datagram, 1400);
  frames.push_back(F::ethernet(F::eth_header(ethertype::kIpv4), F::ipv4(df, F::icmp(frag_needed))));
  const auto exceeded = IcmpRepr::time_exceeded(icmp_time_exceeded::kTtl, echo_datagram);
  frames.push_back(F::ethernet(F::eth_header(ethertype::kIpv4),
                               F::ipv4(F::ip_header(ip_proto::kIcmp), F::icmp(exceeded))));

  IcmpRepr timestamp;  // RFC 792 timestamp request: ident, seq, three 32-bit times
  timestamp.type = 13;
  timestamp.rest_of_header = 0x00090003;
  const std::uint8_t times[12] = {};
  timestamp.data = times;
  frames.push_back(F::ethernet(F::eth_header(ethertype::kIpv4),
                               F::ipv4(F::ip_header(ip_proto::kIcmp), F::icmp(timestamp))));

  Ipv4Repr with_options = F::ip_header(ip_proto::kIcmp);
  const std::uint8_t router_alert[4] = {0x94, 0x04, 0x00, 0x00};
  with_options.options = router_alert;
  with_options.options_len = 4;
  with_options.reserved_flag = true;
  with_options.dscp_ecn = 0xb8;
  frames.push_back(F::ethernet(F::eth_header(ethertype::kIpv4), F::ipv4(with_options, echo)));

  // A 3-fragment echo: the first fragment's ICMP checksum cannot be verified.
  const std::vector<std::uint8_t> big_data(40, 7);
  const auto big_echo = F::icmp(IcmpRepr::echo_request(0x99, 1, big_data));
  Ipv4Repr first = F::ip_header(ip_proto::kIcmp);
  first.more_fragments = true;
  frames.push_back(
      F::ethernet(F::eth_header(ethertype::kIpv4), F::ipv4(first, Bytes(big_echo).first(24))));
  Ipv4Repr later = first;
  later.frag_offset = 24;
  frames.push_back(F::ethernet(F::eth_header(ethertype::kIpv4),
                               F::ipv4(later, Bytes(big_echo).subspan(24, 16))));
  later.more_fragments = false;
  later.frag_offset = 40;
  frames.push_back(
      F::ethernet(F::eth_header(ethertype::kIpv4), F::ipv4(later, Bytes(big_echo).subspan(40))));

  ArpRepr arp;
  arp.sender_mac = F::kB;
  arp.sender_ip = Ipv4Address::of(192, 0, 2, 1);
  arp.target_ip = Ipv4Address::of(192, 0, 2, 2);
  std::vector<std::uint8_t> arp_bytes(arp.len());
  arp.emit(arp_bytes);
  EthernetRepr tagged_arp = F::eth_header(ethertype::kArp);
  tagged_arp.vlan_tci = 4094;
  frames.push_back(F::ethernet(tagged_arp, arp_bytes));

  // IEEE 802.3 with an LLC header (a length, not an ethertype) and UDP (not dissected yet).
  const std::uint8_t llc[] = {0x42, 0x42, 0x03, 0, 0, 0};
  frames.push_back(F::ethernet(F::eth_header(sizeof llc), llc));
  const std::uint8_t udp[] = {0x30, 0x39, 0, 53, 0, 8, 0, 0};
  frames.push_back(
      F::ethernet(F::eth_header(ethertype::kIpv4), F::ipv4(F::ip_header(ip_proto::kUdp), udp)));

  const auto path = scratch_dir("DissectionVsTshark.Synthetic") / "synthetic.pcap";
  F::write(path, frames);
  const Capture capture = read_capture(path);
  ASSERT_EQ(capture.frames.size(), frames.size());
  Tally tally;
  compare_with_tshark(capture, tally);
  std::cout << "compared " << tally.compared << " field values in " << tally.frames
            << " synthetic frames; tshark shows these and we do not:\n"
            << tally.notes.str();
  EXPECT_GT(tally.compared, 150u);
}

}  // namespace
}  // namespace ws::test
