// NAPT on a forwarding Host (RFC 3022), behaving as RFC 4787 (UDP), RFC 5382 (TCP) and
// RFC 5508 (ICMP) ask: datagrams from inside leave the outside interface with the public
// address and a mapped port (or ICMP echo identifier); replies to a mapping are translated
// back; anything else arriving for the public address on a UDP/TCP port with no mapping is
// dropped and counted. Mappings are endpoint-independent (one outside port per inside ip:port,
// whatever the destination), keep the inside port when it is free (like Linux), and expire on
// the virtual clock.
//
//   ws::Nat nat(router, rng, {.outside_ifindex = 2});  // installs itself as the packet hook
//   node.add_app(nat);                                 // the simulator drives its timers
//   std::cout << nat.format_conntrack(now);            // like `conntrack -L`
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wirestack/base/rng.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/packet_hook.h"

namespace ws {

struct NatConfig {
  std::uint32_t outside_ifindex = 0;  // the public side; every other interface is inside
  Ipv4Address public_address;         // unspecified: the outside interface's address
  std::uint16_t port_first = 1024;    // outside ports and ICMP identifiers handed out
  std::uint16_t port_last = 65535;
  std::size_t max_mappings = 16384;
  Duration udp_timeout = Duration::seconds(300);               // RFC 4787 REQ-5: >= 2 min
  Duration tcp_established_timeout = Duration::seconds(7440);  // RFC 5382 REQ-5: >= 2 h 4 min
  Duration tcp_transitory_timeout = Duration::seconds(240);    // RFC 5382 REQ-5: >= 4 min
  Duration icmp_timeout = Duration::seconds(60);               // RFC 5508 REQ-1: >= 60 s
};

struct NatCounters {
  std::uint64_t created = 0;
  std::uint64_t expired = 0;
  std::uint64_t translated_out = 0;
  std::uint64_t translated_in = 0;
  std::uint64_t icmp_errors_translated = 0;
  std::uint64_t unsolicited = 0;  // inbound for a port with no mapping
  std::uint64_t exhausted = 0;    // no outside port (or table room) left for a new mapping
  std::uint64_t untranslatable = 0;
};

// What the NAT knows of a TCP connection through a mapping (RFC 5382 §5: enough to tell
// established from transitory).
struct NatTcpTrack {
  bool syn_out = false;
  bool syn_in = false;
  bool fin_out = false;
  bool fin_in = false;
  bool rst = false;
  bool established() const { return syn_out && syn_in && !fin_out && !fin_in && !rst; }
  const char* name() const;  // conntrack's state names: SYN_SENT, ESTABLISHED, TIME_WAIT, ...
};

struct NatMapping {
  std::uint8_t protocol = 0;  // ip_proto::kUdp, kTcp or kIcmp (echo)
  Ipv4Address inside;
  std::uint16_t inside_port = 0;  // or echo identifier
  std::uint16_t outside_port = 0;
  Ipv4Address remote;  // the latest destination (what conntrack shows)
  std::uint16_t remote_port = 0;
  Instant expires;
  bool replied = false;  // traffic came back ([ASSURED])
  NatTcpTrack tcp;
};

class Nat final : public PacketHook {
 public:
  Nat(Host& host, Rng& rng, NatConfig config);
  ~Nat() override;
  Nat(const Nat&) = delete;
  Nat& operator=(const Nat&) = delete;

  // Expires idle mappings.
  void poll(Instant now);
  std::optional<Instant> poll_at() const;

  std::optional<DropReason> prerouting(Instant now, const Interface& in,
                                       MutableBytes datagram) override;
  std::optional<DropReason> postrouting(Instant now, const Interface& in, const Interface& out,
                                        MutableBytes datagram) override;
  bool wants_whole_datagrams() const override { return true; }

  Ipv4Address public_address() const { return public_; }
  std::size_t size() const { return by_inside_.size(); }
  const NatMapping* find(std::uint8_t protocol, Ipv4Address inside,
                         std::uint16_t inside_port) const;
  const NatCounters& counters() const { return counters_; }
  // One line per mapping, like `conntrack -L` (timeouts in seconds left at `now`).
  std::string format_conntrack(Instant now) const;

 private:
  struct Slot {
    NatMapping mapping;
    std::uint32_t generation = 0;
    bool live = false;
    Instant armed;  // the one deadline in the heap that counts for this slot
  };
  struct Deadline {
    Instant at;
    std::uint32_t slot;
    std::uint32_t generation;
    bool operator>(const Deadline& o) const { return at > o.at; }
  };
  enum class Direction : std::uint8_t { kOut, kIn };

  // Table (nat.cpp)
  // Slot indices.
  std::optional<std::uint32_t> lookup_inside(std::uint8_t protocol, Ipv4Address inside,
                                             std::uint16_t port) const;
  std::optional<std::uint32_t> lookup_outside(std::uint8_t protocol,
                                              std::uint16_t outside_port) const;
  std::optional<std::uint32_t> create(Instant now, std::uint8_t protocol, Ipv4Address inside,
                                      std::uint16_t port);
  std::optional<std::uint16_t> allocate_port(std::uint8_t protocol, std::uint16_t wanted);
  // A packet passed through the mapping: restart its idle timer, follow TCP flags.
  void touch(Instant now, std::uint32_t slot, Direction direction, std::uint16_t tcp_flags);
  void arm(std::uint32_t slot, Instant at);
  Duration timeout(const NatMapping& m) const;
  void expire(Instant now, std::uint32_t slot);
  void emit(Instant now, NatEvent::What what, const NatMapping& m);

  // Rewriting (nat_translate.cpp)
  std::optional<DropReason> translate_out(Instant now, MutableBytes datagram);
  std::optional<DropReason> translate_in(Instant now, MutableBytes datagram);
  std::optional<DropReason> translate_icmp_error(MutableBytes datagram, Direction direction);

  Host& host_;
  Rng& rng_;
  NatConfig config_;
  Ipv4Address public_;
  NatCounters counters_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<std::uint64_t, std::uint32_t> by_inside_;
  std::unordered_map<std::uint32_t, std::uint32_t> by_outside_;
  std::vector<Deadline> deadlines_;  // a min-heap; stale entries are skipped or re-armed
};

}  // namespace ws
