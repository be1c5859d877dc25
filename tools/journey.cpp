// `wirestack journey`: what happens when you type www.google.com into a browser
// (../shared/seed/JOURNEY.md), on the simulated internet, step by step and layer by layer.
#include "wirestack/sim/journey.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "command.h"
#include "journey_html.h"
#include "journey_narration.h"
#include "options.h"
#include "output_files.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack journey [URL] [--detail] [--pcap-dir DIR] [--events FILE] [--html FILE]\n"
    "                         [--lang en|ko] [--seed N] [--lose-last-ack] [--loss P%]\n"
    "                         [--reorder P%] [--warm] [--step]\n"
    "\n"
    "Follows one request, URL (default http://www.google.com/), from a browser on a home\n"
    "network to the web server and back, on a simulated internet with cold caches:\n"
    "\n"
    "  client ── home-router (NAT) ══ isp-router ══ backbone1 ══ backbone2 ══ google-edge ── www\n"
    "  192.168.0.10    203.0.113.2      │ resolver    │ root, com DNS           │ google DNS  "
    "192.0.2.100\n"
    "\n"
    "DNS lookup (stub → ISP resolver → root → com → google.com), ARP, NAT, routing hop by hop,\n"
    "the TCP handshake, GET / and the HTML answer, FIN/ACK/FIN/ACK and TIME-WAIT: every packet\n"
    "is made by the stack's own code. The narration follows the steps S1–S15 of the user's\n"
    "note, shows the tables that decide each step, and says where the note simplifies.\n"
    "\n"
    "  --detail         every frame's full dissection, layer by layer\n"
    "  --pcap-dir DIR   one pcap per link into DIR (NAT and per-hop MACs visible)\n"
    "  --events FILE    every event as JSON Lines\n"
    "  --html FILE      a self-contained page: a ladder diagram (click an arrow for its layers),\n"
    "                   the tables per step, the narration\n"
    "  --lang en|ko     the narration's language (ko: the note's own)\n"
    "  --seed N         seed for every random choice (default 1): same seed, same packets\n"
    "  --lose-last-ack  lose the client's final ACK once: the server resends its FIN, the\n"
    "                   client answers from TIME-WAIT\n"
    "  --loss P%        frames lost on the home's access line, each direction\n"
    "  --reorder P%     frames reordered on the access line\n"
    "  --warm           a second visit: DNS and ARP caches are already filled\n"
    "  --step           on a terminal, wait for Enter after each step\n"
    "\n"
    "Exit status: 0 the page came back and the socket closed, 1 the story stopped early,\n"
    "2 bad usage or output file.\n";

constexpr OptionSpec kOptions[] = {
    {"--detail", false}, {"--pcap-dir", true},       {"--events", true}, {"--html", true},
    {"--lang", true},    {"--seed", true},           {"--loss", true},   {"--reorder", true},
    {"--warm", false},   {"--lose-last-ack", false}, {"--step", false},
};

sim::JourneyOptions journey_options(const ParsedOptions& options) {
  if (options.positional().size() > 1) throw UsageError("one URL only");
  sim::JourneyOptions o;
  if (!options.positional().empty()) {
    std::string error;
    auto url = sim::JourneyUrl::parse(options.positional()[0], &error);
    if (!url) throw UsageError(error);
    o.url = *url;
  }
  o.seed = options.uint_or("--seed", 1, 0, UINT64_MAX);
  o.loss = options.percent_or("--loss", 0);
  o.reorder = options.percent_or("--reorder", 0);
  o.lose_last_ack = options.has("--lose-last-ack");
  o.warm = options.has("--warm");
  return o;
}

int journey(const ParsedOptions& options) {
  const sim::JourneyOptions journey_opts = journey_options(options);
  const std::string lang_text = options.string_or("--lang", "en");
  const auto lang = sim::parse_lang(lang_text);
  if (!lang) throw UsageError("--lang must be en or ko, not '" + lang_text + "'");
  std::FILE* html = nullptr;
  const std::string html_path = options.string_or("--html", "");
  if (options.has("--html")) {
    if (html_path.empty()) throw UsageError("--html needs a file name");
    html = std::fopen(html_path.c_str(), "w");
    if (!html) throw UsageError("cannot write '" + html_path + "': " + std::strerror(errno));
  }

  OutputFiles outputs("journey", options);
  sim::Journey journey(journey_opts);
  EventFanout sinks;
  const sim::JourneyResult& result =
      journey.run([&](sim::Simulation& sim) { outputs.attach(sim, sinks); }, &sinks);

  NarrationOptions narration;
  narration.lang = *lang;
  narration.detail = options.has("--detail");
  narration.colour = colour_wanted(stdout);
  narration.pause = options.has("--step") && ::isatty(STDIN_FILENO);
  narrate(stdout, journey, narration);
  outputs.finish(journey.internet().sim());
  if (html) {
    const std::string page = journey_html(journey, *lang);
    std::fwrite(page.data(), 1, page.size(), html);
    std::fclose(html);
    std::fprintf(stderr, "html: %s\n", html_path.c_str());
  }
  return result.error.empty() ? 0 : 1;
}

}  // namespace

int run_journey(std::span<const std::string_view> args) {
  return run_with_usage_errors("journey", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return journey(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "journey",
    .summary = "follow http://www.google.com/ from a browser to the server, step by step",
    .run = run_journey,
    .help_rank = 1,
}};

}  // namespace ws::tool
