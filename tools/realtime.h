// What the commands on real networks (up, router, fetch, dig --tap) share: a host whose
// interfaces are Linux taps (each optionally captured to a pcap and put behind a fault
// injector, the same wrappers as the simulator's), driven by the real-time loop, printing its
// events as they happen, and stopping cleanly on SIGINT/SIGTERM.
#pragma once

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "options.h"
#include "wirestack/base/rng.h"
#include "wirestack/internet/host.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/link/pcap/pcap_capture.h"
#include "wirestack/link/pcap/pcap_writer.h"
#include "wirestack/link/tap/realtime_loop.h"
#include "wirestack/link/tap/tap_device.h"
#include "wirestack/sim/host_node.h"
#include "wirestack/trace/text_renderer.h"
#include "wirestack/transport/tcp/config.h"

namespace ws::tool {

// A failure of the environment (no such tap, no permission): "wirestack CMD: message", exit 1.
struct RuntimeFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Like run_with_usage_errors, and RuntimeFailure gives exit code 1.
template <class F>
int run_realtime_command(std::string_view command, F&& body) {
  return run_with_usage_errors(command, [&] {
    try {
      return body();
    } catch (const RuntimeFailure& e) {
      std::fflush(stdout);
      std::fprintf(stderr, "wirestack %.*s: %s\n", static_cast<int>(command.size()), command.data(),
                   e.what());
      return 1;
    }
  });
}

// The options every real-network command takes (add them to its OptionSpec list):
//   --seed N  --loss P%  --reorder P%  --verbose
inline constexpr OptionSpec kRealtimeOptions[] = {
    {"--seed", true}, {"--loss", true}, {"--reorder", true}, {"--verbose", false}};
// Usage lines for them.
extern const char* const kRealtimeUsage;

// TCP for a host on a tap: a poll reads a burst of frames, so ACKs wait for its end
// (Config::coalesce_acks), and the receive window is 1 MiB, room for a few 64 KiB segments that
// offload brings per wake-up while the application has not yet read the last ones.
tcp::Config realtime_tcp_config();

// Parses `args` with the command's own options plus kRealtimeOptions; prints `usage_head`,
// kRealtimeUsage and `usage_tail` for --help; otherwise returns body(options).
template <class F>
int run_realtime_options(std::span<const std::string_view> args, std::span<const OptionSpec> own,
                         const char* usage_head, const char* usage_tail, F&& body) {
  std::vector<OptionSpec> specs(own.begin(), own.end());
  specs.insert(specs.end(), std::begin(kRealtimeOptions), std::end(kRealtimeOptions));
  const auto options = ParsedOptions::parse(args, specs);
  if (options.help()) {
    std::fputs(usage_head, stdout);
    std::fputs(kRealtimeUsage, stdout);
    std::fputs(usage_tail, stdout);
    return 0;
  }
  return body(options);
}

// "10.200.0.2/24"-style option, or UsageError naming it.
Ipv4Cidr cidr_option(const ParsedOptions& options, std::string_view name);
Ipv4Address address_option(std::string_view text, std::string_view what);

// Prints what happens on the terminal: connections, ICMP, ARP, NAT and drops; every frame too
// with --verbose.
class EventPrinter final : public EventSink {
 public:
  EventPrinter(std::FILE* out, bool frames);
  void on_event(const Event& event) override;

 private:
  TextRenderer text_;
  bool frames_;
};

// A host on taps, with its applications, on the real-time loop.
class RealtimeHost {
 public:
  // Options used: --seed (default: random, printed), --loss, --reorder, --verbose.
  // Events go to `events` (stderr for a command whose stdout carries data).
  RealtimeHost(std::string name, const ParsedOptions& options, HostConfig config = {},
               std::FILE* events = stdout);
  ~RealtimeHost();

  // Opens tap NAME (in this process's namespace) as the next interface with `address`.
  // `pcap` (may be empty) captures its frames (as they cross the tap); the command's --loss
  // and --reorder apply to frames in both directions. `offload`: let the kernel hand over
  // large TCP segments (TapOptions::offload), unless faults are injected (they act on frames
  // as a wire carries them). Throws RuntimeFailure when the tap cannot be opened.
  Interface& add_interface(const std::string& tap, Ipv4Cidr address, const std::string& pcap,
                           bool offload = false);
  void add_default_route(Ipv4Address gateway);

  Host& host() { return host_; }
  Rng& rng() { return rng_; }
  sim::HostNode& node() { return node_; }
  EventFanout& sinks() { return sinks_; }
  Instant now() const { return loop_->now(); }
  std::uint64_t seed() const { return seed_; }

  // Runs until SIGINT/SIGTERM, `limits`, and reports why on stderr.
  StopReason run(const RunLimits& limits = {});
  // The interfaces' tap counters, fault and capture notes, and the host's `netstat -s`.
  std::string format_counters() const;

 private:
  struct Port {
    std::unique_ptr<TapDevice> tap;
    std::unique_ptr<PcapWriter> writer;
    std::unique_ptr<PcapCapture> capture;
    std::unique_ptr<FaultInjector> faults;
    Device* top = nullptr;
  };

  std::uint64_t seed_;
  Rng rng_;
  FaultConfig faults_;
  std::unique_ptr<RealTimeLoop> loop_;
  std::vector<std::unique_ptr<Port>> ports_;  // before host_: the host refers to them
  Host host_;
  sim::HostNode node_;
  EventPrinter printer_;
  EventFanout sinks_;
};

}  // namespace ws::tool
