// Linux traceroute's default method, sans-IO beside its host's UDP layer: UDP probes to ports
// 33434, 33435, ... with TTL 1, 1, 1, 2, 2, 2, ...; a router whose TTL runs out answers ICMP
// time exceeded (RFC 792, RFC 1812 §5.3.1) and so names itself; the destination answers port
// unreachable, which ends the trace after that hop. One probe is in flight at a time, so every
// run is the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/base/time.h"
#include "wirestack/transport/udp/udp_layer.h"

namespace ws {

struct TracerouteConfig {
  Ipv4Address destination;
  int max_hops = 30;                     // -m
  int queries = 3;                       // -q: probes per hop
  std::uint16_t first_port = 33434;      // -p
  Duration wait = Duration::seconds(5);  // -w: how long a probe is waited for
  std::size_t packet_len = 60;           // IP and UDP headers and payload, like Linux's default
};

struct TracerouteProbe {
  int ttl = 0;
  std::uint16_t port = 0;
  Instant sent;
  bool answered = false;  // false: no answer within the wait ("*")
  Ipv4Address from;
  Duration rtt;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
};

class Traceroute {
 public:
  // A socket on an ephemeral port of `udp` is bound on the first poll.
  Traceroute(UdpLayer& udp, TracerouteConfig config);
  ~Traceroute();
  Traceroute(const Traceroute&) = delete;
  Traceroute& operator=(const Traceroute&) = delete;

  void poll(Instant now);
  std::optional<Instant> poll_at() const;
  bool done() const { return done_; }

  const std::vector<TracerouteProbe>& probes() const { return probes_; }
  // Hops whose probes are all finished (answered or timed out).
  int hops_finished() const;
  // Whether the destination itself answered.
  bool reached() const;

  // "traceroute to www.google.com (192.0.2.100), 30 hops max, 60 byte packets"
  std::string header_line(std::string_view name) const;
  // " 1  192.168.0.1  0.512 ms  0.498 ms  0.501 ms", " 2  * * *" (hop numbers from 1).
  std::string format_hop(int ttl) const;

 private:
  void take_answers(Instant now);
  void send_probe(Instant now);
  bool in_flight() const { return !probes_.empty() && !probes_.back().answered && !timed_out_; }

  UdpLayer& udp_;
  TracerouteConfig config_;
  std::optional<UdpSocketId> socket_;
  std::vector<TracerouteProbe> probes_;
  bool timed_out_ = true;  // the last probe got no answer in time (true before the first)
  bool done_ = false;
};

}  // namespace ws
