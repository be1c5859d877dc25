// Per-host protocol counters, named after the SNMP MIB objects Linux reports in `netstat -s`
// (RFC 4293 ipSystemStats, RFC 4292 icmp), plus drops by reason.
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/trace/drop_reason.h"

namespace ws {

struct IpCounters {
  std::uint64_t in_receives = 0;
  std::uint64_t in_hdr_errors = 0;
  std::uint64_t in_addr_errors = 0;
  std::uint64_t forw_datagrams = 0;
  std::uint64_t in_unknown_protos = 0;
  std::uint64_t in_discards = 0;
  std::uint64_t in_delivers = 0;
  std::uint64_t out_requests = 0;
  std::uint64_t out_discards = 0;
  std::uint64_t out_no_routes = 0;
  std::uint64_t reasm_timeout = 0;
  std::uint64_t reasm_reqds = 0;
  std::uint64_t reasm_oks = 0;
  std::uint64_t reasm_fails = 0;
  std::uint64_t frag_oks = 0;
  std::uint64_t frag_fails = 0;
  std::uint64_t frag_creates = 0;
};

struct IcmpCounters {
  std::uint64_t in_msgs = 0;
  std::uint64_t in_errors = 0;
  std::uint64_t in_dest_unreachs = 0;
  std::uint64_t in_time_excds = 0;
  std::uint64_t in_echos = 0;
  std::uint64_t in_echo_reps = 0;
  std::uint64_t out_msgs = 0;
  std::uint64_t out_rate_limited = 0;
  std::uint64_t out_dest_unreachs = 0;
  std::uint64_t out_time_excds = 0;
  std::uint64_t out_echos = 0;
  std::uint64_t out_echo_reps = 0;
};

struct ArpCounters {
  std::uint64_t in_requests = 0;
  std::uint64_t in_replies = 0;
  std::uint64_t out_requests = 0;
  std::uint64_t out_replies = 0;
  std::uint64_t resolution_failures = 0;
};

struct HostCounters {
  IpCounters ip;
  IcmpCounters icmp;
  ArpCounters arp;
  DropCounters drops;
};

// `netstat -s` style: "Ip:", "Icmp:", "Arp:" sections, then every non-zero drop reason.
std::string format_netstat_s(const HostCounters& counters, bool forwarding);

}  // namespace ws
