// Truncated and malformed frames are rejected with a typed error, never a crash: the fuzz and
// broken frames of the shared captures, and every real frame cut at every length.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "shared_captures.h"
#include "wirestack/wire/dissection.h"

namespace ws::test {
namespace {

struct Rejection {
  std::string layer;
  ParseError error;
  bool operator==(const Rejection&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Rejection& r) {
  return os << r.layer << ": " << to_string(r.error);
}

TEST(MalformedFrames, ExactlyTheBrokenSharedFramesAreRejectedEachWithItsTypedError) {
  WS_REQUIRE_SHARED_PCAPS();
  // (file, frame) -> the layer that does not parse and why.
  const std::map<std::pair<std::string, std::uint64_t>, Rejection> expected = {
      // QinQ-tagged ARP with hardware type 0x3030 and hlen 14.
      {{"arp-too-long-tha.pcap", 1}, {"arp", ParseError::kBadHardwareType}},
      // Captures cut short (snaplen 64/46/37, or one byte missing): IPv4 total length says more.
      {{"heapoverflow-tcp_print.pcap", 1}, {"ip", ParseError::kTruncated}},
      {{"tcp_header_heapoverflow.pcap", 1}, {"ip", ParseError::kTruncated}},
      {{"tcp_rst_data-trunc.pcap", 1}, {"ip", ParseError::kTruncated}},
      {{"icmp-icmp_print-oobr-1.pcap", 2}, {"ip", ParseError::kTruncated}},
      // Total length 23: 3 bytes of ICMP.
      {{"icmp-icmp_print-oobr-1.pcap", 1}, {"icmp", ParseError::kTruncated}},
      // IHL 4 (16 bytes).
      {{"ipv4_invalid_hdr_length.pcap", 1}, {"ip", ParseError::kBadHeaderLength}},
      // Total length one byte more than the frame carries.
      {{"ipv4_invalid_total_length.pcap", 1}, {"ip", ParseError::kTruncated}},
      // DNS on port 53: an empty message (shorter than the 12-byte header), the fuzz file's
      // forward compression pointers, and the answer whose bytes were corrupted on purpose.
      {{"dns-zlip-1.pcap", 1}, {"dns", ParseError::kTruncated}},
      {{"dns_fwdptr.pcap", 1}, {"dns", ParseError::kMalformed}},
      {{"local-veth-corrupted.pcap", 14}, {"dns", ParseError::kMalformed}},
  };
  std::size_t frames = 0;
  for (const auto& capture : read_shared_captures()) {
    const std::string file = capture.path.filename().string();
    for (const auto& frame : capture.frames) {
      ++frames;
      const Dissection d = dissect_ethernet_frame(frame.data);
      const auto* failed = d.failed_layer();
      const auto it = expected.find({file, frame.number});
      if (it == expected.end()) {
        EXPECT_EQ(failed, nullptr) << file << " frame " << frame.number
                                   << " rejected: " << Rejection{failed->name, *failed->error};
      } else {
        ASSERT_NE(failed, nullptr) << file << " frame " << frame.number << " accepted";
        EXPECT_EQ((Rejection{failed->name, *failed->error}), it->second)
            << file << " frame " << frame.number;
        EXPECT_EQ(&d.layers.back(), failed) << "dissection goes on after " << failed->name;
      }
    }
  }
  EXPECT_GT(frames, 400u);
}

// What a dissection shows, as (field, value) pairs.
std::vector<std::pair<std::string, std::string>> fields_of(const Dissection& d) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& layer : d.layers) {
    for (const auto& f : layer.fields) out.emplace_back(f.name, f.value);
  }
  return out;
}

// A prefix of a frame either dissects exactly like the whole frame (only padding or unparsed
// payload was cut) or is rejected as truncated (or with the whole frame's own error); what it
// does show agrees with the whole frame.
TEST(MalformedFrames, EveryRealFrameCutAtEveryLengthIsRejectedAsTruncatedOrUnchanged) {
  WS_REQUIRE_SHARED_PCAPS();
  std::size_t prefixes = 0, rejected = 0;
  for (const auto& capture : read_shared_captures()) {
    for (const auto& frame : capture.frames) {
      const Bytes whole(frame.data);
      const Dissection full = dissect_ethernet_frame(whole);
      const auto full_fields = fields_of(full);
      const auto* full_failed = full.failed_layer();
      for (std::size_t n = 0; n < whole.size(); ++n) {
        const Dissection cut = dissect_ethernet_frame(whole.first(n));
        ++prefixes;
        const auto where = capture.path.filename().string() + " frame " +
                           std::to_string(frame.number) + " cut to " + std::to_string(n);
        const auto cut_fields = fields_of(cut);
        const auto* failed = cut.failed_layer();
        if (!failed) {
          EXPECT_EQ(cut_fields, full_fields) << where;
          continue;
        }
        ++rejected;
        const bool own_error =
            full_failed && full_failed->name == failed->name && full_failed->error == failed->error;
        EXPECT_TRUE(*failed->error == ParseError::kTruncated || own_error)
            << where << ": " << failed->name << ": " << to_string(*failed->error);
        for (const auto& f : cut_fields) {
          EXPECT_NE(std::find(full_fields.begin(), full_fields.end(), f), full_fields.end())
              << where << ": " << f.first << "=" << f.second;
        }
      }
    }
  }
  std::cout << prefixes << " prefixes dissected, " << rejected << " rejected\n";
  EXPECT_GT(rejected, 10000u);
}

}  // namespace
}  // namespace ws::test
