// Why a packet was dropped. Each host counts drops by reason (like `netstat -s`), and reports
// each one as a DropEvent. Add reasons here as layers grow; names are stable strings.
#pragma once

#include <array>
#include <cstdint>

namespace ws {

#define WS_DROP_REASONS(X)                                                     \
  X(kEthernetMalformed, "ethernet: malformed frame")                           \
  X(kEthernetNotForUs, "ethernet: destination MAC not ours")                   \
  X(kEthernetUnknownType, "ethernet: unknown ethertype")                       \
  X(kEthernetVlanUnsupported, "ethernet: VLAN tag not configured")            \
  X(kArpMalformed, "arp: malformed packet")                                    \
  X(kArpNotForUs, "arp: target address not ours")                              \
  X(kArpQueueFull, "arp: resolution queue full")                               \
  X(kArpResolutionFailed, "arp: no reply after retries")                       \
  X(kArpInvalidAddress, "arp: invalid sender address")                         \
  X(kArpTableFull, "arp: neighbour table full")                                \
  X(kIpMalformed, "ip: malformed header")                                      \
  X(kIpBadChecksum, "ip: bad header checksum")                                 \
  X(kIpNotForUs, "ip: destination not ours (not forwarding)")                  \
  X(kIpNoRoute, "ip: no route to destination")                                 \
  X(kIpTtlExpired, "ip: TTL expired in transit")                               \
  X(kIpBroadcastNotForwarded, "ip: broadcast not forwarded")                   \
  X(kIpMulticastNotForwarded, "ip: multicast not forwarded")                   \
  X(kIpFragmentNeeded, "ip: too big and DF set")                               \
  X(kIpReassemblyTimeout, "ip: reassembly timeout")                            \
  X(kIpReassemblyOverflow, "ip: reassembly table full")                        \
  X(kIpFragmentOverlap, "ip: overlapping fragment")                            \
  X(kIpFragmentDuplicate, "ip: duplicate fragment")                            \
  X(kIpFragmentMalformed, "ip: malformed fragment")                            \
  X(kIpLoopbackQueueFull, "ip: loopback queue full")                           \
  X(kIpUnknownProtocol, "ip: unknown protocol")                                \
  X(kIpSourceInvalid, "ip: invalid source address")                            \
  X(kIcmpMalformed, "icmp: malformed message")                                 \
  X(kIcmpBadChecksum, "icmp: bad checksum")                                    \
  X(kIcmpUnhandledType, "icmp: unhandled type")                                \
  X(kIcmpRateLimited, "icmp: error rate-limited")                              \
  X(kIcmpBroadcastEchoIgnored, "icmp: echo to broadcast ignored")              \
  X(kIcmpNoListener, "icmp: no listener for reply or error")                   \
  X(kDeviceQueueFull, "device: transmit queue full")                           \
  X(kTcpMalformed, "tcp: malformed segment")                                   \
  X(kTcpBadChecksum, "tcp: bad checksum")                                      \
  X(kTcpNoSocket, "tcp: no socket (reset sent)")                               \
  X(kTcpBadAddress, "tcp: broadcast or multicast address")                     \
  X(kTcpOutOfWindow, "tcp: sequence number out of window")                     \
  X(kTcpPaws, "tcp: old timestamp (PAWS)")                                     \
  X(kTcpBadAck, "tcp: unacceptable acknowledgement")                           \
  X(kTcpRstInvalid, "tcp: reset not at rcv_nxt (challenge ACK)")               \
  X(kTcpSynInvalid, "tcp: SYN in synchronized state (challenge ACK)")          \
  X(kTcpRstInTimeWait, "tcp: reset in TIME-WAIT ignored (RFC 1337)")           \
  X(kTcpListenOverflow, "tcp: listen queue full")                              \
  X(kTcpNoAck, "tcp: segment without ACK")                                     \
  X(kTcpAssemblerFull, "tcp: too many out-of-order ranges")                    \
  X(kUdpMalformed, "udp: malformed datagram")                                  \
  X(kUdpBadChecksum, "udp: bad checksum")                                      \
  X(kUdpNoSocket, "udp: port unreachable")                                     \
  X(kUdpQueueFull, "udp: receive queue full")                                  \
  X(kNatUnsolicited, "nat: unsolicited inbound (no mapping)")                  \
  X(kNatPortsExhausted, "nat: no free outside port")                           \
  X(kNatUntranslatable, "nat: cannot translate (fragment, protocol, header)")  \
  X(kFaultInjected, "fault: lost on purpose (fault injection)")

enum class DropReason : std::uint8_t {
#define WS_DROP_ENUM(name, text) name,
  WS_DROP_REASONS(WS_DROP_ENUM)
#undef WS_DROP_ENUM
      kCount
};

inline constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::kCount);

const char* to_string(DropReason reason);

// Per-reason drop counters, printed like `netstat -s`.
class DropCounters {
 public:
  void count(DropReason r) { ++counts_[static_cast<std::size_t>(r)]; }
  std::uint64_t get(DropReason r) const { return counts_[static_cast<std::size_t>(r)]; }
  std::uint64_t total() const;

 private:
  std::array<std::uint64_t, kDropReasonCount> counts_{};
};

}  // namespace ws
