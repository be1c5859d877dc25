// A learning Ethernet switch (IEEE 802.1D transparent bridge, without spanning tree): learns
// each source MAC's port, forwards a frame to the port its destination was learned on, floods
// broadcast, multicast and unknown destinations to every other port, and forgets entries not
// refreshed within the ageing time. Its ports are Devices (normally a link's far end, so each
// port has that link's latency, bandwidth, MTU and queue), and it runs as a SimNode.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "wirestack/link/device.h"
#include "wirestack/sim/sim_node.h"
#include "wirestack/wire/address.h"

namespace ws::sim {

struct SwitchConfig {
  Duration ageing = Duration::seconds(300);  // Linux bridge's default ageing_time
  std::size_t max_entries = 8192;            // beyond this, new addresses are not learned
};

struct SwitchStats {
  std::uint64_t frames_in = 0;
  std::uint64_t forwarded = 0;   // sent out of exactly one port
  std::uint64_t flooded = 0;     // sent out of every other port
  std::uint64_t filtered = 0;    // destination on the port the frame came from: not sent
  std::uint64_t runts = 0;       // shorter than an Ethernet header: dropped
  std::uint64_t learned = 0;     // new entries
  std::uint64_t moved = 0;       // an address seen on a different port than before
  std::uint64_t aged = 0;        // entries forgotten after the ageing time
  std::uint64_t table_full = 0;  // addresses not learned because the table was full
};

class Switch final : public SimNode {
 public:
  explicit Switch(std::string name, const SwitchConfig& config = {});

  // Adds a port on `device` (not owned), named like "p0", "p1"... unless named; returns its
  // index.
  std::size_t add_port(Device& device, std::string name = "");
  std::size_t port_count() const { return ports_.size(); }
  const std::string& port_name(std::size_t port) const { return ports_[port].name; }

  std::string_view name() const override { return name_; }
  void poll(Instant now) override;
  std::optional<Instant> poll_at() const override;

  // The port `mac` was learned on, if the entry is still fresh at `now`.
  std::optional<std::size_t> lookup(MacAddress mac, Instant now) const;
  // The forwarding table like `bridge -s fdb show`, one line per fresh entry, sorted:
  // "02:00:00:00:00:01 dev p0 master sw0 used 3/12" (seconds since last seen / since learned).
  std::string mac_table(Instant now) const;
  const SwitchStats& stats() const { return stats_; }

 private:
  struct Port {
    Device* device;
    std::string name;
  };
  struct Entry {
    MacAddress mac;
    std::size_t port;
    Instant learned;
    Instant last_seen;
  };
  static std::uint64_t key(MacAddress mac);
  bool fresh(const Entry& e, Instant now) const { return now - e.last_seen < config_.ageing; }
  void forward(Instant now, std::size_t in, Bytes frame);
  void learn(Instant now, MacAddress src, std::size_t port);
  void expire(Instant now);

  std::string name_;
  SwitchConfig config_;
  std::vector<Port> ports_;
  std::unordered_map<std::uint64_t, Entry> table_;
  SwitchStats stats_;
};

}  // namespace ws::sim
