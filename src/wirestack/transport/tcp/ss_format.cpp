// `ss -tani` and `netstat -s` views of a TCP layer.
#include <cstdio>

#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::tcp {
namespace {

std::string endpoint(Ipv4Address a, std::uint16_t port) {
  return a.to_string() + ":" + (port ? std::to_string(port) : std::string("*"));
}

void line(std::string& out, const char* state, std::size_t recv_q, std::size_t send_q,
          const std::string& local, const std::string& peer) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-10s %-6zu %-6zu %-21s %s\n", state, recv_q, send_q,
                local.c_str(), peer.c_str());
  out += buf;
}

double ms(Duration d) {
  return static_cast<double>(d.as_micros()) / 1000.0;
}

std::string internals(const Connection& c) {
  const Connection::Info i = c.info();
  const ConnectionCounters& n = c.counters();
  std::string s = "\t";
  if (i.timestamps) s += " ts";
  if (i.sack) s += " sack";
  s += c.congestion() == CongestionControl::kCubic ? " cubic" : " newreno";
  if (i.window_scale) {
    s += " wscale:" + std::to_string(i.snd_wscale) + "," + std::to_string(i.rcv_wscale);
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, " rto:%g rtt:%.3f/%.3f mss:%u rcvmss:%u cwnd:%u", ms(i.rto),
                ms(i.srtt), ms(i.rttvar), i.snd_mss, i.rcv_mss, i.mss_segments(i.cwnd));
  s += buf;
  if (i.ssthresh != 0xffffffff) s += " ssthresh:" + std::to_string(i.mss_segments(i.ssthresh));
  std::snprintf(buf, sizeof buf,
                " bytes_sent:%llu bytes_retrans:%llu bytes_acked:%llu bytes_received:%llu"
                " segs_out:%llu segs_in:%llu data_segs_out:%llu data_segs_in:%llu",
                static_cast<unsigned long long>(n.bytes_sent),
                static_cast<unsigned long long>(n.bytes_retrans),
                static_cast<unsigned long long>(n.bytes_acked),
                static_cast<unsigned long long>(n.bytes_received),
                static_cast<unsigned long long>(n.segs_out),
                static_cast<unsigned long long>(n.segs_in),
                static_cast<unsigned long long>(n.data_segs_out),
                static_cast<unsigned long long>(n.data_segs_in));
  s += buf;
  s += " snd_wnd:" + std::to_string(i.snd_wnd) + " rcv_wnd:" + std::to_string(i.rcv_wnd);
  if (i.unacked) s += " unacked:" + std::to_string(i.unacked);
  if (n.retrans_segs) {
    s += " retrans:" + std::to_string(n.retrans_segs) + " timeouts:" + std::to_string(n.timeouts);
  }
  if (c.error() != Error::kNone) s += std::string(" error:\"") + to_string(c.error()) + "\"";
  return s + "\n";
}

}  // namespace

std::string Layer::format_ss() const {
  std::string out = "State      Recv-Q Send-Q Local Address:Port    Peer Address:Port\n";
  for (const Slot& s : slots_) {
    if (s.listener) {
      line(out, "LISTEN", s.listener->ready.size(), s.listener->backlog,
           endpoint(Ipv4Address::any(), s.listener->port), endpoint(Ipv4Address::any(), 0));
    } else if (s.conn) {
      const Connection& c = *s.conn;
      const Tuple& t = c.tuple();
      line(out, ss_name(c.state()), c.recv_queue(), c.send_queue(), endpoint(t.local, t.local_port),
           endpoint(t.remote, t.remote_port));
      out += internals(c);
    }
  }
  return out;
}

std::string Layer::format_counters() const {
  const LayerCounters& c = counters_;
  std::string out = "Tcp:\n";
  const auto row = [&out](std::uint64_t v, const char* what) {
    out += "    " + std::to_string(v) + " " + what + "\n";
  };
  row(c.active_opens, "active connection openings");
  row(c.passive_opens, "passive connection openings");
  row(c.attempt_fails, "failed connection attempts");
  row(c.estab_resets, "connection resets received");
  row(by_tuple_.size(), "connections in the table");
  row(c.in_segs, "segments received");
  row(c.out_segs, "segments sent out");
  row(c.retrans_segs, "segments retransmitted");
  row(c.in_errs, "bad segments received");
  row(c.in_csum_errors, "checksum errors");
  row(c.out_rsts, "resets sent");
  row(c.listen_overflows, "SYNs to LISTEN sockets dropped");
  row(c.syncookies_sent, "SYN cookies sent");
  row(c.syncookies_recv, "SYN cookies received");
  row(c.syncookies_failed, "invalid SYN cookies received");
  row(c.challenge_acks, "challenge ACKs sent");
  for (std::size_t r = 0; r < kDropReasonCount; ++r) {
    const auto reason = static_cast<DropReason>(r);
    if (c.drops.get(reason)) row(c.drops.get(reason), to_string(reason));
  }
  return out;
}

}  // namespace ws::tcp
