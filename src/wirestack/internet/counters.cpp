#include "wirestack/internet/counters.h"

#include <cstdio>

namespace ws {
namespace {

void line(std::string& out, const char* indent, std::uint64_t n, const char* what) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s%llu %s\n", indent, static_cast<unsigned long long>(n), what);
  out += buf;
}

void histogram_entry(std::string& out, const char* what, std::uint64_t n) {
  if (n == 0) return;
  char buf[128];
  std::snprintf(buf, sizeof buf, "        %s: %llu\n", what, static_cast<unsigned long long>(n));
  out += buf;
}

}  // namespace

std::string format_netstat_s(const HostCounters& c, bool forwarding) {
  const char* in = "    ";
  std::string out = "Ip:\n";
  out += forwarding ? "    Forwarding: 1\n" : "    Forwarding: 2\n";
  line(out, in, c.ip.in_receives, "total packets received");
  line(out, in, c.ip.in_hdr_errors, "with invalid headers");
  line(out, in, c.ip.in_addr_errors, "with invalid addresses");
  line(out, in, c.ip.forw_datagrams, "forwarded");
  line(out, in, c.ip.in_unknown_protos, "with unknown protocol");
  line(out, in, c.ip.in_discards, "incoming packets discarded");
  line(out, in, c.ip.in_delivers, "incoming packets delivered");
  line(out, in, c.ip.out_requests, "requests sent out");
  line(out, in, c.ip.out_discards, "outgoing packets dropped");
  line(out, in, c.ip.out_no_routes, "dropped because of missing route");
  line(out, in, c.ip.reasm_timeout, "fragments dropped after timeout");
  line(out, in, c.ip.reasm_reqds, "reassemblies required");
  line(out, in, c.ip.reasm_oks, "packets reassembled ok");
  line(out, in, c.ip.reasm_fails, "packet reassemblies failed");
  line(out, in, c.ip.frag_oks, "fragments received ok");
  line(out, in, c.ip.frag_fails, "fragments failed");
  line(out, in, c.ip.frag_creates, "fragments created");

  out += "Icmp:\n";
  line(out, in, c.icmp.in_msgs, "ICMP messages received");
  line(out, in, c.icmp.in_errors, "input ICMP message failed");
  out += "    ICMP input histogram:\n";
  histogram_entry(out, "destination unreachable", c.icmp.in_dest_unreachs);
  histogram_entry(out, "timeout in transit", c.icmp.in_time_excds);
  histogram_entry(out, "echo requests", c.icmp.in_echos);
  histogram_entry(out, "echo replies", c.icmp.in_echo_reps);
  line(out, in, c.icmp.out_msgs, "ICMP messages sent");
  line(out, in, c.icmp.out_rate_limited, "ICMP messages rate-limited");
  out += "    ICMP output histogram:\n";
  histogram_entry(out, "destination unreachable", c.icmp.out_dest_unreachs);
  histogram_entry(out, "time exceeded", c.icmp.out_time_excds);
  histogram_entry(out, "echo requests", c.icmp.out_echos);
  histogram_entry(out, "echo replies", c.icmp.out_echo_reps);

  out += "Arp:\n";
  line(out, in, c.arp.in_requests, "requests received");
  line(out, in, c.arp.in_replies, "replies received");
  line(out, in, c.arp.out_requests, "requests sent");
  line(out, in, c.arp.out_replies, "replies sent");
  line(out, in, c.arp.resolution_failures, "resolutions failed");

  out += "Drops:\n";
  line(out, in, c.drops.total(), "packets dropped");
  for (std::size_t i = 0; i < kDropReasonCount; ++i) {
    const auto reason = static_cast<DropReason>(i);
    if (c.drops.get(reason) != 0) line(out, "        ", c.drops.get(reason), to_string(reason));
  }
  return out;
}

}  // namespace ws
