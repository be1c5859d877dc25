// `wirestack read FILE`: a capture as wirestack's own parsers see it.
#include <charconv>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "frame_report.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/dissection.h"

namespace ws::tool {
namespace {

constexpr std::string_view kUsage =
    "usage: wirestack read FILE [--detail | --json] [--count N]\n"
    "\n"
    "Dissects a pcap or pcapng capture of Ethernet frames with wirestack's own parsers.\n"
    "\n"
    "  (default)   one tcpdump-style line per frame: number, seconds since the first frame,\n"
    "              summary\n"
    "  --detail    the line, then every layer with its fields\n"
    "  --json      one JSON object per frame (JSON Lines); keys are Wireshark's field names\n"
    "              (eth.src, ip.ttl, icmp.type, ...) with tshark's formatting, so the output\n"
    "              can be compared with `tshark -T json -o ip.check_checksum:TRUE`; a layer\n"
    "              that does not parse adds \"error\" and \"error.layer\"\n"
    "  --count N   stop after N frames\n"
    "  --help      this text\n"
    "\n"
    "A frame that does not parse shows its error and the run goes on.\n"
    "Exit status: 0 done, 1 the file cannot be read, 2 bad usage.\n";

enum class Mode { kLine, kDetail, kJson };

struct Options {
  std::string file;
  Mode mode = Mode::kLine;
  std::optional<std::uint64_t> count;
};

int usage_error(std::string_view message) {
  std::fprintf(stderr, "wirestack read: %.*s (try 'wirestack read --help')\n",
               static_cast<int>(message.size()), message.data());
  return 2;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0) return std::nullopt;
  return n;
}

// Returns the options, or the exit code to stop with.
std::variant<Options, int> parse_options(std::span<const std::string_view> args) {
  Options o;
  bool mode_set = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage.data(), stdout);
      return 0;
    }
    if (a == "--detail" || a == "--json") {
      if (mode_set) return usage_error("--detail and --json exclude each other");
      o.mode = a == "--json" ? Mode::kJson : Mode::kDetail;
      mode_set = true;
    } else if (a == "--count") {
      if (i + 1 == args.size()) return usage_error("--count needs a number");
      o.count = parse_count(args[++i]);
      if (!o.count) return usage_error("--count needs a positive number");
    } else if (a.starts_with("-") && a != "-") {
      return usage_error("unknown option '" + std::string(a) + "'");
    } else if (!o.file.empty()) {
      return usage_error("one FILE only");
    } else {
      o.file = a;
    }
  }
  if (o.file.empty()) return usage_error("missing FILE");
  return o;
}

}  // namespace

int run_read(std::span<const std::string_view> args) {
  const auto parsed = parse_options(args);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const Options& options = std::get<Options>(parsed);

  auto reader = PcapReader::open(options.file);
  if (!reader) {
    std::fprintf(stderr, "wirestack read: %s\n", reader.error().message.c_str());
    return 1;
  }
  if (reader->link_type() != kLinkTypeEthernet) {
    std::fprintf(stderr, "wirestack read: %s: link type %d is not Ethernet\n",
                 options.file.c_str(), reader->link_type());
    return 1;
  }
  std::optional<Instant> first;
  for (std::uint64_t n = 0; !options.count || n < *options.count; ++n) {
    auto next = reader->next();
    if (!next) {
      std::fprintf(stderr, "wirestack read: %s\n", next.error().message.c_str());
      return 1;
    }
    if (!*next) break;
    const CapturedFrame& frame = **next;
    if (!first) first = frame.timestamp;
    switch (options.mode) {
      case Mode::kLine: std::puts(frame_line(frame, *first).c_str()); break;
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

}  // namespace ws::tool
