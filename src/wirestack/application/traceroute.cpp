#include "wirestack/application/traceroute.h"

#include "wirestack/wire/icmp.h"
#include "wirestack/wire/text.h"

namespace ws {
namespace {

constexpr std::size_t kHeadersLen = 20 + 8;  // IPv4 and UDP

// Linux traceroute's marks for unreachables other than "port" (which is the destination's
// normal answer).
const char* unreachable_mark(const TracerouteProbe& p) {
  if (p.icmp_type != icmp_type::kDestUnreachable) return "";
  switch (p.icmp_code) {
    case 0:
      return " !N";
    case 1:
      return " !H";
    case 2:
      return " !P";
    case 3:
      return "";
    case 4:
      return " !F";
    case 13:
      return " !X";
    default:
      return " !?";
  }
}

}  // namespace

Traceroute::Traceroute(UdpLayer& udp, TracerouteConfig config) : udp_(udp), config_(config) {}

Traceroute::~Traceroute() {
  if (socket_) (void)udp_.close(*socket_);
}

void Traceroute::poll(Instant now) {
  if (done_) return;
  if (!socket_) {
    auto s = udp_.bind(Ipv4Address::any(), 0);
    if (!s) {
      done_ = true;
      return;
    }
    socket_ = *s;
  }
  take_answers(now);
  if (in_flight() && now >= probes_.back().sent + config_.wait) timed_out_ = true;
  if (in_flight()) return;
  const auto sent = static_cast<int>(probes_.size());
  if (sent != 0 && sent % config_.queries == 0 &&
      (reached() || sent / config_.queries >= config_.max_hops)) {
    done_ = true;
    return;
  }
  send_probe(now);
}

void Traceroute::take_answers(Instant now) {
  // An answer counts only for the probe in flight: a late one (after its "*") is ignored.
  auto record = [&](Ipv4Address from, std::uint8_t type, std::uint8_t code) {
    TracerouteProbe& p = probes_.back();
    p.answered = true;
    p.from = from;
    p.rtt = now - p.sent;
    p.icmp_type = type;
    p.icmp_code = code;
  };
  while (auto e = udp_.take_error(*socket_)) {
    if (in_flight() && e->destination.port == probes_.back().port &&
        e->destination.address == config_.destination) {
      record(e->reporter, e->type, e->code);
    }
  }
  std::uint8_t ignored[1];
  while (auto got = udp_.recv_from(*socket_, ignored)) {  // an open port answered: arrived
    if (in_flight() && got->from.address == config_.destination) record(got->from.address, 0, 0);
  }
}

void Traceroute::send_probe(Instant now) {
  TracerouteProbe p;
  p.ttl = static_cast<int>(probes_.size()) / config_.queries + 1;
  p.port = static_cast<std::uint16_t>(config_.first_port + probes_.size());
  p.sent = now;
  probes_.push_back(p);
  const std::vector<std::uint8_t> payload(
      config_.packet_len > kHeadersLen ? config_.packet_len - kHeadersLen : 0);
  (void)udp_.set_ttl(*socket_, static_cast<std::uint8_t>(p.ttl));
  // A probe that cannot leave (no route) gets no answer: it shows as "*".
  timed_out_ = !udp_.send_to(now, *socket_, config_.destination, p.port, payload);
}

std::optional<Instant> Traceroute::poll_at() const {
  if (done_) return std::nullopt;
  if (in_flight()) return probes_.back().sent + config_.wait;
  return Instant::epoch();  // the next probe goes at once
}

int Traceroute::hops_finished() const {
  const auto n = static_cast<int>(probes_.size()) - (in_flight() ? 1 : 0);
  return n / config_.queries;
}

bool Traceroute::reached() const {
  for (const auto& p : probes_) {
    if (p.answered &&
        (p.from == config_.destination || p.icmp_type == icmp_type::kDestUnreachable)) {
      return true;
    }
  }
  return false;
}

std::string Traceroute::header_line(std::string_view name) const {
  return strprintf("traceroute to %.*s (%s), %d hops max, %zu byte packets",
                   static_cast<int>(name.size()), name.data(),
                   config_.destination.to_string().c_str(), config_.max_hops, config_.packet_len);
}

std::string Traceroute::format_hop(int ttl) const {
  std::string line = strprintf("%2d ", ttl);
  std::optional<Ipv4Address> shown;
  for (const auto& p : probes_) {
    if (p.ttl != ttl) continue;
    if (!p.answered) {
      line += " *";
      continue;
    }
    if (shown != p.from) {
      line += " " + p.from.to_string();
      shown = p.from;
    }
    line +=
        strprintf("  %.3f ms%s", static_cast<double>(p.rtt.as_nanos()) / 1e6, unreachable_mark(p));
  }
  return line;
}

}  // namespace ws
