// `wirestack read FILE`: a capture as wirestack's own parsers see it.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "command.h"
#include "frame_report.h"
#include "options.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/dissection.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack read FILE [--detail | --json] [--count N]\n"
    "\n"
    "Dissects a pcap or pcapng capture of Ethernet frames with wirestack's own parsers.\n"
    "\n"
    "  (default)   one tcpdump-style line per frame: number, seconds since the first frame,\n"
    "              summary\n"
    "  --detail    the line, then every layer with its fields\n"
    "  --json      one JSON object per frame (JSON Lines); keys are Wireshark's field names\n"
    "              (eth.src, ip.ttl, icmp.type, udp.dstport, tcp.flags, ...) with the values\n"
    "              `tshark -T fields -o ip.check_checksum:TRUE -o ip.defragment:FALSE\n"
    "              -o tcp.relative_sequence_numbers:FALSE` prints (checksums of TCP and UDP\n"
    "              checked too); a layer that does not parse adds \"error\" and \"error.layer\"\n"
    "  --count N   stop after N frames\n"
    "  --help      this text\n"
    "\n"
    "A frame that does not parse shows its error and the run goes on.\n"
    "Exit status: 0 done, 1 the file cannot be read, 2 bad usage.\n";

constexpr OptionSpec kOptions[] = {{"--detail", false}, {"--json", false}, {"--count", true}};

enum class Mode { kLine, kDetail, kJson };

int read_capture(const ParsedOptions& options) {
  if (options.positional().empty()) throw UsageError("missing FILE");
  if (options.positional().size() > 1) throw UsageError("one FILE only");
  if (options.has("--detail") && options.has("--json")) {
    throw UsageError("--detail and --json exclude each other");
  }
  const Mode mode = options.has("--json")     ? Mode::kJson
                    : options.has("--detail") ? Mode::kDetail
                                              : Mode::kLine;
  const std::uint64_t count = options.uint_or("--count", UINT64_MAX, 1, UINT64_MAX);
  const std::string file(options.positional().front());

  auto reader = PcapReader::open(file);
  if (!reader) {
    std::fprintf(stderr, "wirestack read: %s\n", reader.error().message.c_str());
    return 1;
  }
  if (reader->link_type() != kLinkTypeEthernet) {
    std::fprintf(stderr, "wirestack read: %s: link type %d is not Ethernet\n", file.c_str(),
                 reader->link_type());
    return 1;
  }
  std::optional<Instant> first;
  for (std::uint64_t n = 0; n < count; ++n) {
    auto next = reader->next();
    if (!next) {
      std::fprintf(stderr, "wirestack read: %s\n", next.error().message.c_str());
      return 1;
    }
    if (!*next) break;
    const CapturedFrame& frame = **next;
    if (!first) first = frame.timestamp;
    switch (mode) {
      case Mode::kLine:
        std::puts(frame_line(frame, *first).c_str());
        break;
      case Mode::kDetail:
        std::fputs(frame_detail(frame, *first, dissect_ethernet_frame(frame.data)).c_str(), stdout);
        break;
      case Mode::kJson:
        std::puts(frame_json(frame, *first, dissect_ethernet_frame(frame.data)).c_str());
        break;
    }
  }
  return 0;
}

}  // namespace

int run_read(std::span<const std::string_view> args) {
  return run_with_usage_errors("read", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return read_capture(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "read",
    .summary = "dissect a pcap/pcapng file with wirestack's own parsers",
    .run = run_read,
    .help_rank = 90,
}};

}  // namespace ws::tool
