// `wirestack transfer`: a bulk TCP transfer between two simulated hosts over a path with the
// given delay, rate, MTU and faults; prints throughput, retransmissions, the RTT estimate and the
// SHA-256 of the bytes at both ends.
#include <chrono>
#include <cstdio>
#include <string>

#include "command.h"
#include "options.h"
#include "output_files.h"
#include "wirestack/sim/transfer_scenario.h"

namespace ws::tool {
namespace {

constexpr const char* kUsage =
    "usage: wirestack transfer [--bytes N] [--loss P%] [--dup P%] [--reorder P%] [--corrupt P%]\n"
    "                          [--delay MS] [--rate MBIT] [--mtu N] [--cc newreno|cubic]\n"
    "                          [--seed N] [--pcap-dir DIR] [--events FILE]\n"
    "\n"
    "Sends N pseudo-random bytes over TCP from one simulated host to another, on virtual time:\n"
    "\n"
    "  sender ── lan ── r1 ══ path ══ r2 ── lan2 ── receiver\n"
    "  10.0.1.2     10.0.1.1  10.0.2.1/.2  10.0.3.1     10.0.3.2:5001\n"
    "\n"
    "The faults, delay, rate and MTU apply to the path, in both directions (an MTU below the\n"
    "LAN's 1500 is found by path MTU discovery). Prints the bytes moved, the simulated and the\n"
    "wall-clock duration and throughput, retransmissions, the sender's RTT estimate, segment\n"
    "counts, and the SHA-256 of the bytes sent and of the bytes received.\n"
    "\n"
    "  --bytes N       bytes to send (default 1M); suffixes k, M, G (x1000) or Ki, Mi, Gi (x1024)\n"
    "  --loss P%       frames lost (e.g. 5%)\n"
    "  --dup P%        frames duplicated\n"
    "  --reorder P%    frames held back behind the next one\n"
    "  --corrupt P%    frames with one bit flipped\n"
    "  --delay MS      one-way delay of the path in milliseconds (default 10)\n"
    "  --rate MBIT     rate of the path in Mbit/s (default 100)\n"
    "  --mtu N         MTU of the path (default 1500)\n"
    "  --cc ALG        congestion control: newreno (default) or cubic\n"
    "  --seed N        seed for every random choice (default 1): same seed, same run\n"
    "  --pcap-dir DIR  write one pcap per link into DIR\n"
    "  --events FILE   write every event as JSON Lines to FILE\n"
    "\n"
    "Exit status: 0 the hashes match and the connection closed cleanly, 1 otherwise, 2 bad\n"
    "usage or output file.\n";

constexpr OptionSpec kOptions[] = {
    {"--bytes", true},   {"--loss", true},  {"--dup", true},      {"--reorder", true},
    {"--corrupt", true}, {"--delay", true}, {"--rate", true},     {"--mtu", true},
    {"--cc", true},      {"--seed", true},  {"--pcap-dir", true}, {"--events", true},
};

tcp::CongestionControl congestion_from(const ParsedOptions& options) {
  const std::string cc = options.string_or("--cc", "newreno");
  if (cc == "newreno") return tcp::CongestionControl::kNewReno;
  if (cc == "cubic") return tcp::CongestionControl::kCubic;
  throw UsageError("--cc needs newreno or cubic, not '" + cc + "'");
}

double mbit_per_s(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) * 8 / seconds / 1e6 : 0;
}

int transfer(const ParsedOptions& options) {
  if (!options.positional().empty()) throw UsageError("no positional arguments");
  sim::TransferSpec spec;
  spec.bytes = options.size_or("--bytes", 1'000'000, 1ull << 40);
  spec.faults.loss = options.percent_or("--loss", 0);
  spec.faults.duplicate = options.percent_or("--dup", 0);
  spec.faults.reorder = options.percent_or("--reorder", 0);
  spec.faults.corrupt = options.percent_or("--corrupt", 0);
  spec.delay =
      Duration::millis(static_cast<std::int64_t>(options.uint_or("--delay", 10, 0, 10000)));
  spec.bits_per_second = options.uint_or("--rate", 100, 1, 100'000) * 1'000'000;
  spec.mtu = options.uint_or("--mtu", 1500, 576, 9000);
  spec.seed = options.uint_or("--seed", 1, 0, UINT64_MAX);
  spec.tcp.congestion = congestion_from(options);
  spec.tcp.msl = Duration::seconds(1);
  spec.tcp.mss = 0xffff;  // each end's interface MTU decides (jumbo frames with --mtu 9000)

  OutputFiles outputs("transfer", options);
  sim::TransferScenario scenario(spec);
  EventFanout sinks;
  outputs.attach(scenario.topology().sim(), sinks);
  scenario.set_event_sink(&sinks);

  const auto wall_start = std::chrono::steady_clock::now();
  const sim::TransferReport r = scenario.run();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double simulated = r.duration.as_seconds_f();
  const bool hashes_match = r.sent_hash == r.received_hash && r.bytes_sent == spec.bytes;

  std::printf("bytes:            %llu sent, %llu received\n",
              static_cast<unsigned long long>(r.bytes_sent),
              static_cast<unsigned long long>(r.bytes_received));
  std::printf("simulated time:   %.3f s, %.2f Mbit/s\n", simulated,
              mbit_per_s(r.bytes_received, simulated));
  std::printf("wall clock:       %.3f s, %.2f Mbit/s\n", wall, mbit_per_s(r.bytes_received, wall));
  std::printf("retransmissions:  %u segments (%llu bytes; %u fast retransmits, %u timeouts)\n",
              r.sender.retrans_segs, static_cast<unsigned long long>(r.sender.bytes_retrans),
              r.sender.fast_retransmits, r.sender.timeouts);
  std::printf(
      "rtt:              srtt %s, rttvar %s, rto %s\n", format_millis(r.sender_info.srtt).c_str(),
      format_millis(r.sender_info.rttvar).c_str(), format_millis(r.sender_info.rto).c_str());
  std::printf(
      "segments:         sender %llu sent, %llu received; receiver %llu sent, %llu received\n",
      static_cast<unsigned long long>(r.sender.segs_out),
      static_cast<unsigned long long>(r.sender.segs_in),
      static_cast<unsigned long long>(r.receiver.segs_out),
      static_cast<unsigned long long>(r.receiver.segs_in));
  std::printf("mss:              %u\n", r.sender_info.snd_mss);
  std::printf("connection:       %s\n", r.closed_cleanly ? "closed cleanly"
                                        : !r.completed   ? "did not complete"
                                                         : "did not close cleanly");
  std::printf("sha256 sent: %s\n", Sha256::hex(r.sent_hash).c_str());
  std::printf("sha256 received: %s\n", Sha256::hex(r.received_hash).c_str());
  outputs.finish(scenario.topology().sim());
  return hashes_match && r.closed_cleanly ? 0 : 1;
}

}  // namespace

int run_transfer(std::span<const std::string_view> args) {
  return run_with_usage_errors("transfer", [&] {
    return run_parsed(args, kOptions, kUsage, [](const ParsedOptions& o) { return transfer(o); });
  });
}

const CommandRegistration kRegistration{{
    .name = "transfer",
    .summary = "bulk TCP transfer over a simulated path with faults; throughput and SHA-256",
    .run = run_transfer,
    .help_rank = 40,
}};

}  // namespace ws::tool
