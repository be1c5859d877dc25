// Our dissection of every frame in the shared captures, field by field against tshark's.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "shared_captures.h"
#include "support/test_env.h"
#include "tshark_lines.h"
#include "wirestack/wire/dissection.h"

namespace ws::test {
namespace {

// clang-format off
const std::vector<std::string> kFields = {
    "eth.dst", "eth.src", "eth.type",
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

TEST(DissectionVsTshark, EveryEthernetArpIpv4IcmpFieldEqualsTsharkOnEverySharedCapture) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  std::vector<std::string> columns = {"frame.number"};
  columns.insert(columns.end(), kFields.begin(), kFields.end());

  std::size_t files = 0, frames = 0, compared = 0;
  std::ostringstream notes;  // fields tshark shows and we do not, and why
  for (const auto& capture : read_shared_captures()) {
    const std::string file = capture.path.filename().string();
    // Without reassembly, as we dissect: a first fragment's ICMP header is shown unverified.
    const auto lines = tshark_fields(capture.path, columns, "", {"ip.defragment:FALSE"});
    ASSERT_EQ(lines.size(), capture.frames.size()) << file;
    ++files;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto& frame = capture.frames[i];
      const auto cells = split_cells(lines[i]);
      ASSERT_EQ(cells.size(), columns.size()) << file << ": " << lines[i];
      ASSERT_EQ(cells[0], std::to_string(frame.number));
      const Dissection d = dissect_ethernet_frame(frame.data);
      ++frames;
      for (std::size_t f = 0; f < kFields.size(); ++f) {
        const std::string& field = kFields[f];
        const std::string theirs = first_occurrence(cells[f + 1]);
        const std::string* ours = d.find(field);
        if (ours) {
          EXPECT_EQ(*ours, theirs) << file << " frame " << frame.number << " " << field;
          ++compared;
        } else if (!theirs.empty()) {
          const char* reason = absence_reason(d, field);
          EXPECT_NE(reason, nullptr) << file << " frame " << frame.number << ": tshark has "
                                     << field << "=" << theirs << ", we have nothing";
          if (reason) {
            notes << "  " << file << " #" << frame.number << " " << field << "=" << theirs << " ("
                  << reason << ")\n";
          }
        }
      }
    }
  }
  std::cout << "compared " << compared << " field values in " << frames << " frames of " << files
            << " captures; tshark shows these and we do not:\n"
            << notes.str();
  EXPECT_GT(files, 20u);
  EXPECT_GT(compared, 5000u);
}

}  // namespace
}  // namespace ws::test
