// The neighbour table of one interface (RFC 826, RFC 1122 §2.3.2): IPv4 → MAC entries that age
// out, and for each address being resolved a bounded queue of datagrams waiting for the answer.
// Pure bookkeeping: the caller sends the ARP requests and frames this table asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/time.h"
#include "wirestack/wire/address.h"

namespace ws {

struct ArpCacheConfig {
  // How long an entry is used after the last ARP packet that confirmed it. Linux keeps an entry
  // REACHABLE for ~30 s then STALE (still used, re-probed); we keep one state for 60 s, then the
  // next datagram resolves afresh.
  Duration reachable_time = Duration::seconds(60);
  Duration retry_interval = Duration::seconds(1);  // Linux retrans_time_ms
  std::uint32_t max_requests = 3;                  // Linux mcast_solicit
  std::size_t max_entries = 512;                   // beyond this, new neighbours are refused
  std::size_t queue_per_entry = 16;                // datagrams waiting on one address
  std::size_t queue_total = 256;                   // datagrams waiting on all addresses
};

class ArpCache {
 public:
  enum class State : std::uint8_t { kIncomplete, kReachable };
  struct Neighbour {
    Ipv4Address ip;
    MacAddress mac;  // zero while incomplete
    State state;
    Instant deadline;  // next retry (incomplete) or expiry (reachable)
    std::size_t queued;
  };

  explicit ArpCache(ArpCacheConfig config = {});

  const ArpCacheConfig& config() const { return config_; }

  // The MAC address for `ip` when resolved.
  const MacAddress* lookup(Ipv4Address ip) const;

  enum class Change : std::uint8_t { kNone, kAdded, kUpdated, kRefreshed, kTableFull };
  // The RFC 826 merge: an existing entry takes the new MAC and is refreshed; a missing one is
  // added only when `create`. kUpdated also covers an incomplete entry becoming resolved: its
  // queued datagrams are then ready for take_queued().
  Change update(Ipv4Address ip, MacAddress mac, Instant now, bool create);

  struct Enqueued {
    bool send_request = false;            // a new resolution started: send the first request
    bool queued = false;                  // this datagram is waiting (else it is `dropped`)
    bool table_full = false;              // no room for a new neighbour: `dropped` is the packet
    std::optional<PacketBuffer> dropped;  // what overflowed (the oldest, or this one)
  };
  // Holds `datagram` until `ip` is resolved (RFC 1122 §2.3.2.2). When the address's queue is full
  // the oldest waiting datagram is dropped (as Linux does); when all queues together are full,
  // this one is.
  Enqueued enqueue(Ipv4Address ip, PacketBuffer&& datagram, Instant now);
  // The next datagram waiting on a now-resolved `ip`, in arrival order.
  std::optional<PacketBuffer> take_queued(Ipv4Address ip);

  struct Timeout {
    enum class Kind : std::uint8_t { kRetry, kFailed, kExpired };
    Kind kind;
    Ipv4Address ip;
    MacAddress mac;         // kExpired: the address it had
    std::uint32_t attempt;  // kRetry: the number of this request (2, 3, ...)
  };
  // One due timer at a time. After kFailed the entry is gone and its datagrams wait in
  // take_failed() for the caller to drop (and answer with ICMP host unreachable).
  std::optional<Timeout> next_timeout(Instant now);
  std::optional<PacketBuffer> take_failed();

  std::optional<Instant> poll_at() const;

  std::size_t size() const { return entries_.size(); }
  std::size_t queued_total() const { return queued_total_; }
  // Every entry, sorted by address (for `ip neigh`).
  std::vector<Neighbour> neighbours() const;

 private:
  static constexpr std::uint32_t kNil = ~std::uint32_t{0};
  struct Entry {
    MacAddress mac;
    State state = State::kIncomplete;
    Instant deadline;
    std::uint32_t requests_sent = 0;
    std::uint64_t timer_id = 0;  // matches the one live heap item for this entry
    std::uint32_t head = kNil, tail = kNil;
    std::uint32_t queued = 0;
  };
  struct Slot {
    PacketBuffer packet;
    std::uint32_t next = kNil;
  };
  struct Timer {
    Instant deadline;
    std::uint32_t ip;
    std::uint64_t id;
    bool operator>(const Timer& o) const { return deadline > o.deadline; }
  };
  struct List {
    std::uint32_t head = kNil, tail = kNil;
  };

  void set_deadline(std::uint32_t ip, Entry& e, Instant deadline);
  void push_timer(std::uint32_t ip, Entry& e);
  void push_back(std::uint32_t& head, std::uint32_t& tail, PacketBuffer&& packet);
  PacketBuffer pop_front(std::uint32_t& head, std::uint32_t& tail);

  ArpCacheConfig config_;
  std::unordered_map<std::uint32_t, Entry> entries_;
  std::vector<Timer> timers_;  // min-heap on deadline; stale items skipped by id
  std::uint64_t next_timer_id_ = 1;
  std::vector<Slot> slots_;  // queue_total slots shared by every entry's queue
  std::uint32_t free_ = kNil;
  std::size_t queued_total_ = 0;
  List failed_;
};

}  // namespace ws
