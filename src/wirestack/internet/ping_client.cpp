#include "wirestack/internet/ping_client.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "wirestack/wire/icmp.h"

namespace ws {
namespace {

constexpr std::size_t kMaxSlots = 65536;  // one per 16-bit sequence number

// Linux ping: three significant digits or so.
std::string format_rtt(Duration rtt) {
  const double ms = static_cast<double>(rtt.as_nanos()) / 1e6;
  char buf[32];
  if (ms >= 100) {
    std::snprintf(buf, sizeof buf, "%.0f", ms);
  } else if (ms >= 10) {
    std::snprintf(buf, sizeof buf, "%.1f", ms);
  } else if (ms >= 1) {
    std::snprintf(buf, sizeof buf, "%.2f", ms);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", ms);
  }
  return buf;
}

// iputils ping's wording for each error.
std::string describe_error(const PingRecord& r) {
  if (r.icmp_type == icmp_type::kTimeExceeded) {
    return r.icmp_code == icmp_time_exceeded::kTtl ? "Time to live exceeded"
                                                   : "Frag reassembly time exceeded";
  }
  switch (r.icmp_code) {
    case icmp_unreach::kNet:
      return "Destination Net Unreachable";
    case icmp_unreach::kHost:
      return "Destination Host Unreachable";
    case icmp_unreach::kProtocol:
      return "Destination Protocol Unreachable";
    case icmp_unreach::kPort:
      return "Destination Port Unreachable";
    case icmp_unreach::kFragNeeded:
      return "Frag needed and DF set (mtu = " + std::to_string(r.mtu) + ")";
    case icmp_unreach::kAdminProhibited:
      return "Packet filtered";
    default:
      return "Dest Unreachable, Bad Code: " + std::to_string(r.icmp_code);
  }
}

}  // namespace

PingClient::PingClient(Host& host, PingConfig config)
    : host_(host),
      config_(config),
      payload_(config.payload_size),
      sent_at_(std::clamp<std::size_t>(config.count, 1, kMaxSlots)),
      replied_(sent_at_.size()) {
  // Like ping's default pattern: each data byte is its offset (the first 8 carry the send time).
  for (std::size_t i = 0; i < payload_.size(); ++i) payload_[i] = static_cast<std::uint8_t>(i);
  records_.reserve(std::min<std::size_t>(config.count, 1024));
  host_.register_echo_listener(config_.ident, this);
}

PingClient::~PingClient() {
  host_.unregister_echo_listener(config_.ident);
}

void PingClient::poll(Instant now) {
  if (done_) return;
  if (!first_send_) next_send_ = now;
  while (sent_ < config_.count && next_send_ <= now) {
    send_request(now);
    next_send_ += config_.interval;
  }
  if (sent_ == config_.count && (outstanding_ == 0 || now >= last_send_ + config_.linger)) {
    done_ = true;
  }
}

std::optional<Instant> PingClient::poll_at() const {
  if (done_) return std::nullopt;
  if (!first_send_) return Instant::epoch();
  if (sent_ < config_.count) return next_send_;
  return last_send_ + config_.linger;
}

void PingClient::send_request(Instant now) {
  ++sent_;
  const auto seq = static_cast<std::uint16_t>(sent_);
  const std::size_t i = *slot(seq);
  sent_at_[i] = now;
  replied_[i] = 0;
  ++outstanding_;
  if (!first_send_) first_send_ = now;
  last_send_ = now;
  if (payload_.size() >= 8) {
    const auto t = static_cast<std::uint64_t>(now.nanos());
    store_be32(payload_.data(), static_cast<std::uint32_t>(t >> 32));
    store_be32(payload_.data() + 4, static_cast<std::uint32_t>(t));
  }
  const IcmpRepr icmp = IcmpRepr::echo_request(config_.ident, seq, payload_);
  PacketBuffer buffer = host_.take_buffer(icmp.len());
  icmp.emit(buffer.append(icmp.len()));
  Ipv4Send send;
  send.dst = config_.dst;
  send.protocol = ip_proto::kIcmp;
  send.ttl = config_.ttl;
  const SendResult result = host_.send_ipv4(now, send, std::move(buffer));
  if (result == SendResult::kNoRoute || result == SendResult::kTooBig) {
    PingRecord r;
    r.kind = PingRecord::Kind::kSendFailed;
    r.time = now;
    r.seq = seq;
    r.send_result = result;
    records_.push_back(r);
    answered(i);
  }
}

std::optional<std::size_t> PingClient::slot(std::uint16_t seq) const {
  // Sequence numbers start at 1 and wrap at 2^16 like ping's.
  if (sent_ < kMaxSlots && (seq == 0 || seq > sent_)) return std::nullopt;
  return static_cast<std::uint16_t>(seq - 1) % sent_at_.size();
}

void PingClient::answered(std::size_t i) {
  if (replied_[i] == 0 && outstanding_ > 0) --outstanding_;
}

void PingClient::on_echo_reply(Instant now, const Ipv4Repr& ip, std::uint16_t seq, Bytes data) {
  const auto i = slot(seq);
  if (!i || (ip.src != config_.dst && !config_.dst.is_broadcast())) return;
  PingRecord r;
  r.kind = PingRecord::Kind::kReply;
  r.time = now;
  r.seq = seq;
  r.from = ip.src;
  r.bytes = kIcmpHeaderLen + data.size();
  r.ttl = ip.ttl;
  r.rtt = now - sent_at_[*i];
  r.duplicate = replied_[*i] == 1;
  if (r.duplicate) {
    ++duplicates_;
  } else {
    answered(*i);
    replied_[*i] = 1;
    ++received_;
    const auto ns = static_cast<double>(r.rtt.as_nanos());
    rtt_sum_ += ns;
    rtt_sum2_ += ns * ns;
    if (received_ == 1 || r.rtt < rtt_min_) rtt_min_ = r.rtt;
    if (received_ == 1 || r.rtt > rtt_max_) rtt_max_ = r.rtt;
  }
  records_.push_back(r);
}

void PingClient::on_echo_error(Instant now, const IcmpError& error, std::uint16_t seq) {
  const auto i = slot(seq);
  if (!i) return;
  PingRecord r;
  r.kind = PingRecord::Kind::kError;
  r.time = now;
  r.seq = seq;
  r.from = error.from;
  r.icmp_type = error.type;
  r.icmp_code = error.code;
  r.mtu = error.next_hop_mtu;
  ++errors_;
  answered(*i);
  if (replied_[*i] == 0) replied_[*i] = 2;
  records_.push_back(r);
}

PingStats PingClient::stats() const {
  PingStats s;
  s.transmitted = sent_;
  s.received = received_;
  s.duplicates = duplicates_;
  s.errors = errors_;
  if (first_send_) s.time = last_send_ - *first_send_;
  if (received_ > 0) {
    const double avg = rtt_sum_ / received_;
    const double var = std::max(0.0, rtt_sum2_ / received_ - avg * avg);
    s.rtt_min = rtt_min_;
    s.rtt_max = rtt_max_;
    s.rtt_avg = Duration::nanos(static_cast<std::int64_t>(std::llround(avg)));
    s.rtt_mdev = Duration::nanos(static_cast<std::int64_t>(std::llround(std::sqrt(var))));
  }
  return s;
}

std::string PingClient::header_line() const {
  const std::string dst = config_.dst.to_string();
  return "PING " + dst + " (" + dst + ") " + std::to_string(config_.payload_size) + "(" +
         std::to_string(config_.payload_size + kIcmpHeaderLen + kIpv4MinHeaderLen) +
         ") bytes of data.";
}

std::string PingClient::format(const PingRecord& r) const {
  const std::string seq = " icmp_seq=" + std::to_string(r.seq);
  switch (r.kind) {
    case PingRecord::Kind::kReply:
      return std::to_string(r.bytes) + " bytes from " + r.from.to_string() + ":" + seq +
             " ttl=" + std::to_string(r.ttl) + " time=" + format_rtt(r.rtt) + " ms" +
             (r.duplicate ? " (DUP!)" : "");
    case PingRecord::Kind::kError:
      return "From " + r.from.to_string() + seq + " " + describe_error(r);
    case PingRecord::Kind::kSendFailed:
      return r.send_result == SendResult::kNoRoute ? "ping: sendmsg: Network is unreachable"
                                                   : "ping: sendmsg: Message too long";
  }
  return {};
}

std::string PingClient::summary() const {
  const PingStats s = stats();
  std::string out = "--- " + config_.dst.to_string() + " ping statistics ---\n";
  out += std::to_string(s.transmitted) + " packets transmitted, " + std::to_string(s.received) +
         " received";
  if (s.duplicates) out += ", +" + std::to_string(s.duplicates) + " duplicates";
  if (s.errors) out += ", +" + std::to_string(s.errors) + " errors";
  char buf[160];
  const double loss = s.transmitted ? 100.0 * (s.transmitted - s.received) / s.transmitted : 0.0;
  std::snprintf(buf, sizeof buf, ", %g%% packet loss, time %lldms\n", loss,
                static_cast<long long>(s.time.as_millis()));
  out += buf;
  if (s.received > 0) {
    auto ms = [](Duration d) { return static_cast<double>(d.as_nanos()) / 1e6; };
    std::snprintf(buf, sizeof buf, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", ms(s.rtt_min),
                  ms(s.rtt_avg), ms(s.rtt_max), ms(s.rtt_mdev));
    out += buf;
  }
  return out;
}

}  // namespace ws
