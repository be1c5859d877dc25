#include "wirestack/sim/transfer_scenario.h"

#include <algorithm>
#include <vector>

namespace ws::sim {
namespace {

constexpr std::uint16_t kPort = 5001;
constexpr std::size_t kChunk = 64 * 1024;
constexpr auto kReceiverIp = Ipv4Address::of(10, 0, 3, 2);

constexpr std::size_t kIpTcpHeaders = 40;

std::uint16_t mss_for(const tcp::Config& config, std::size_t mtu) {
  return static_cast<std::uint16_t>(std::min<std::size_t>(config.mss, mtu - kIpTcpHeaders));
}

}  // namespace

// Writes the stream, then shuts down and keeps the socket until the connection reaches
// TIME-WAIT or CLOSED, so its counters and error can be read; then releases it.
class TransferScenario::Sender {
 public:
  Sender(tcp::Layer& tcp, tcp::SocketId socket, std::uint64_t total, std::uint64_t seed)
      : tcp_(tcp), socket_(socket), total_(total), data_rng_(seed ^ 0x5eedda7aull) {}

  void poll(Instant now) {
    if (released_) return;
    while (written_ < total_) {
      if (offset_ == chunk_.size()) refill();
      auto sent = tcp_.send(now, socket_, Bytes(chunk_).subspan(offset_));
      if (!sent.ok()) break;
      hash_.update(Bytes(chunk_).subspan(offset_, *sent));
      offset_ += *sent;
      written_ += *sent;
    }
    if (written_ == total_ && !shut_) shut_ = tcp_.shutdown(now, socket_).ok();
    if (const tcp::Connection* c = tcp_.connection(socket_)) {
      counters_ = c->counters();
      info_ = c->info();
    }
    const auto state = tcp_.state(socket_);
    if (!state || *state == tcp::State::kClosed || *state == tcp::State::kTimeWait) {
      error_ = tcp_.error(socket_);
      (void)tcp_.close(now, socket_);
      released_ = true;
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }

  void report(TransferReport& r) {
    r.bytes_sent = written_;
    r.sent_hash = hash_.finish();
    r.sender = counters_;
    r.sender_info = info_;
    r.sender_error = error_;
  }
  bool released() const { return released_; }

 private:
  void refill() {
    chunk_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, total_ - written_)));
    for (std::size_t i = 0; i < chunk_.size(); i += 8) {
      const std::uint64_t v = data_rng_.next_u64();
      for (std::size_t j = 0; j < 8 && i + j < chunk_.size(); ++j) {
        chunk_[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
      }
    }
    offset_ = 0;
  }

  tcp::Layer& tcp_;
  tcp::SocketId socket_;
  std::uint64_t total_;
  Rng data_rng_;
  Sha256 hash_;
  std::vector<std::uint8_t> chunk_;
  std::size_t offset_ = 0;
  std::uint64_t written_ = 0;
  bool shut_ = false;
  bool released_ = false;
  tcp::Error error_ = tcp::Error::kNone;
  tcp::ConnectionCounters counters_;
  tcp::Connection::Info info_{};
};

// Accepts one connection and reads it to end of stream; then shuts down and keeps the socket
// until the connection is CLOSED, to read its error.
class TransferScenario::Receiver {
 public:
  Receiver(tcp::Layer& tcp, tcp::SocketId listener) : tcp_(tcp), listener_(listener) {}

  void poll(Instant now) {
    if (released_) return;
    if (!socket_) {
      auto s = tcp_.accept(listener_);
      if (!s.ok()) return;
      socket_ = *s;
    }
    while (!eof_) {
      auto r = tcp_.recv(now, *socket_, buf_);
      if (!r.ok()) break;
      if (*r == 0) {
        eof_ = true;
        eof_at_ = now;
        (void)tcp_.shutdown(now, *socket_);
        break;
      }
      received_ += *r;
      hash_.update(Bytes(buf_).first(*r));
    }
    if (const tcp::Connection* c = tcp_.connection(*socket_)) counters_ = c->counters();
    const auto state = tcp_.state(*socket_);
    if (!state || *state == tcp::State::kClosed) {
      error_ = tcp_.error(*socket_);
      (void)tcp_.close(now, *socket_);
      released_ = true;
    }
  }
  std::optional<Instant> poll_at() const { return std::nullopt; }

  void report(TransferReport& r, Instant start) {
    r.bytes_received = received_;
    r.received_hash = hash_.finish();
    r.receiver = counters_;
    r.receiver_error = error_;
    r.completed = eof_;
    if (eof_) r.duration = eof_at_ - start;
  }
  bool released() const { return released_; }

 private:
  tcp::Layer& tcp_;
  tcp::SocketId listener_;
  std::optional<tcp::SocketId> socket_;
  Sha256 hash_;
  std::vector<std::uint8_t> buf_ = std::vector<std::uint8_t>(kChunk);
  std::uint64_t received_ = 0;
  bool eof_ = false;
  bool released_ = false;
  Instant eof_at_;
  tcp::Error error_ = tcp::Error::kNone;
  tcp::ConnectionCounters counters_;
};

TransferScenario::TransferScenario(const TransferSpec& spec) : spec_(spec), topo_(spec.seed) {
  Host& sender = topo_.add_host("sender", false);
  Host& r1 = topo_.add_host("r1", true);
  Host& r2 = topo_.add_host("r2", true);
  Host& receiver = topo_.add_host("receiver", false);
  LinkConfig lan = lan_link();
  lan.mtu = std::max(lan.mtu, spec.mtu);
  LinkConfig path = link_config(spec.delay, spec.bits_per_second);
  path.mtu = spec.mtu;
  topo_.connect(sender, "10.0.1.2/24", r1, "10.0.1.1/24", "lan", lan);
  topo_.connect(r1, "10.0.2.1/24", r2, "10.0.2.2/24", "path", path, &spec.faults);
  topo_.connect(r2, "10.0.3.1/24", receiver, "10.0.3.2/24", "lan2", lan);
  topo_.route(sender, "0.0.0.0/0", "10.0.1.1");
  topo_.route(r1, "10.0.3.0/24", "10.0.2.2");
  topo_.route(r2, "10.0.1.0/24", "10.0.2.1");
  topo_.route(receiver, "0.0.0.0/0", "10.0.3.1");
  // Each end offers the MSS its own interface's MTU allows (RFC 9293 §3.7.1).
  tcp::Config config = spec.tcp;
  config.mss = mss_for(spec.tcp, lan.mtu);
  sender_tcp_ = std::make_unique<tcp::Layer>(sender, topo_.rng(), config);
  receiver_tcp_ = std::make_unique<tcp::Layer>(receiver, topo_.rng(), config);
  topo_.node(sender).add_app(*sender_tcp_);
  topo_.node(receiver).add_app(*receiver_tcp_);
}

TransferScenario::~TransferScenario() = default;

void TransferScenario::set_event_sink(EventSink* sink) {
  topo_.set_event_sink(sink);
  sender_tcp_->set_event_sink(sink);
  receiver_tcp_->set_event_sink(sink);
}

TransferReport TransferScenario::run() {
  Simulation& sim = topo_.sim();
  const Instant start = sim.now();
  auto listener = receiver_tcp_->listen(kPort, 16);
  auto socket = sender_tcp_->connect(start, kReceiverIp, kPort);
  TransferReport report;
  if (!listener.ok() || !socket.ok()) return report;
  sender_ = std::make_unique<Sender>(*sender_tcp_, *socket, spec_.bytes, spec_.seed);
  receiver_ = std::make_unique<Receiver>(*receiver_tcp_, *listener);
  topo_.node(*topo_.hosts()[0]).add_app(*sender_);
  topo_.node(*topo_.hosts()[3]).add_app(*receiver_);
  sim.run_while(
      [&] {
        return !(sender_->released() && receiver_->released() &&
                 sender_tcp_->connection_count() == 0 && receiver_tcp_->connection_count() == 0);
      },
      start + spec_.time_limit);
  sender_->report(report);
  receiver_->report(report, start);
  report.sender_layer = sender_tcp_->counters();
  report.receiver_layer = receiver_tcp_->counters();
  report.closed_cleanly =
      report.completed && sender_->released() && receiver_->released() &&
      report.sender_error == tcp::Error::kNone && report.receiver_error == tcp::Error::kNone &&
      sender_tcp_->connection_count() == 0 && receiver_tcp_->connection_count() == 0;
  return report;
}

}  // namespace ws::sim
