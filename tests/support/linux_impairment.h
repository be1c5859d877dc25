// Loss and reordering done by the Linux kernel itself on one device of a test namespace, in both
// directions: "tc netem loss 5% reorder ..." for a kernel that has no sch_netem (no modules at
// all). It uses only what this kernel has: nftables, htb, the u32 and bpf classifiers, the mirred
// action and ifb devices.
//
// - Loss: nft drops `loss_percent`% of the IP packets at random, arriving on the device
//   (prerouting) and leaving by it (postrouting), and counts what it dropped.
// - Reordering: a token bucket never delays the first packet after an idle spell, so packets are
//   held in pairs. A classic BPF classifier sends the IPv4 packets whose identification mod
//   `reorder_one_in` is 0 or 1 to a slow htb class (rate `hold_rate_*`, no burst): the first
//   empties its bucket, the second waits there (about its own size at that rate) while later
//   packets pass through htb's unshaped direct queue. Both senders count the identification up by
//   one per packet (Linux per socket, wirestack per host), so about one packet in
//   `reorder_one_in` is overtaken. Leaving packets are shaped by the device's root qdisc; arriving
//   ones are redirected (tc ingress, mirred) to an ifb device, shaped by its root qdisc, then
//   handed to the kernel.
// - Evidence: tcpdump after each shaper (outbound on the device, and on the ifb), where a packet
//   whose identification is behind one already seen from the same flow was overtaken. On the
//   10 MB curl over a tap: ~530 of ~7700 arriving and ~270 of ~5600 leaving packets overtaken;
//   0 with the same loss and no holding (so retransmissions do not count).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "support/netns.h"

namespace ws::test {

struct LinuxImpairmentSpec {
  int loss_percent = 5;
  int reorder_one_in = 20;
  // Slow-class rates (tc syntax): a held full-size frame arriving waits ~0.5 ms at 24 Mbit/s,
  // a held pure ACK leaving (66 bytes) ~0.5 ms at 1 Mbit/s.
  std::string hold_rate_in = "24mbit";
  std::string hold_rate_out = "1mbit";
};

// What the impairment did, read when it is removed.
struct LinuxImpairmentEvidence {
  std::uint64_t dropped_in = 0;     // nft drops of packets arriving on the device
  std::uint64_t dropped_out = 0;    // ... leaving by it
  std::uint64_t reordered_in = 0;   // packets overtaken before Linux received them
  std::uint64_t reordered_out = 0;  // packets overtaken after Linux sent them
  std::uint64_t captured_in = 0;    // IPv4 packets in each capture (so 0 reordered is not silence)
  std::uint64_t captured_out = 0;
};

// Needs nft, tc, tcpdump (WS_REQUIRE_INTEROP them). Installs on construction (failures are test
// failures), removes everything on finish() or destruction; `scratch` holds the two captures.
class LinuxImpairment {
 public:
  LinuxImpairment(const Netns& ns, std::string dev, const LinuxImpairmentSpec& spec,
                  const std::filesystem::path& scratch);
  ~LinuxImpairment();
  LinuxImpairment(const LinuxImpairment&) = delete;
  LinuxImpairment& operator=(const LinuxImpairment&) = delete;

  // Everything installed and both captures running.
  bool ready() const { return ready_; }
  // Stops the captures, reads the counters, and removes the impairment.
  LinuxImpairmentEvidence finish();

 private:
  void remove();

  const Netns& ns_;
  std::string dev_;
  std::string ifb_;
  std::filesystem::path capture_in_;
  std::filesystem::path capture_out_;
  std::unique_ptr<Spawned> tcpdump_in_;
  std::unique_ptr<Spawned> tcpdump_out_;
  bool ready_ = false;
  bool removed_ = false;
};

// IPv4 packets in a capture (Ethernet) that arrive after a packet of the same flow (source,
// destination, protocol) with a later identification (serial arithmetic, RFC 1982); the number of
// IPv4 packets read goes to `packets`.
std::uint64_t count_overtaken_ipv4(const std::filesystem::path& pcap, std::uint64_t* packets);

}  // namespace ws::test
