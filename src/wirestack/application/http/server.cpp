#include "wirestack/application/http/server.h"

#include <algorithm>
#include <cstring>

namespace ws::http {
namespace {
constexpr std::size_t kNoConn = static_cast<std::size_t>(-1);
}  // namespace

struct Server::Conn {
  Conn(tcp::SocketId s, const Site& site, const ConnectionOptions& options,
       ExchangeObserver* observer, std::uint32_t id, std::size_t input, Instant now,
       std::uint64_t serial_number)
      : socket(s),
        http(site, options, observer, id),
        in(input),
        last_activity(now),
        serial(serial_number) {}

  tcp::SocketId socket;
  ServerConnection http;
  std::vector<std::uint8_t> in;  // received, not yet taken by `http`: in[in_begin, in_end)
  std::size_t in_begin = 0;
  std::size_t in_end = 0;
  Instant last_activity;
  TcpEndpoints endpoints{};
  bool eof = false;            // the peer's FIN was read
  bool eof_delivered = false;  // ... and told to `http`
  bool shut = false;           // our FIN was queued
  Instant shut_at;
  std::optional<Instant> request_since;  // when the request being received began
  std::uint64_t requests_then = 0;       // requests answered by then
  std::uint64_t serial;                  // tells a reused slot's deadline entries apart
  Instant scheduled_at = tcp::kNever;    // its earliest live entry in deadlines_
  bool dirty = false;                    // in dirty_

  Instant deadline(const ServerConfig& config) const {
    if (shut) return shut_at + config.linger;
    const Instant idle = last_activity + config.idle_timeout;
    return request_since ? std::min(idle, *request_since + config.request_timeout) : idle;
  }
  // Starts the request clock when a request begins, stops it when none is in progress.
  void track_request(Instant now) {
    if (!http.mid_request()) {
      request_since.reset();
    } else if (!request_since || http.requests() != requests_then) {
      request_since = now;
      requests_then = http.requests();
    }
  }
};

Server::Server(tcp::Layer& tcp, ServerConfig config) : tcp_(tcp), config_(std::move(config)) {}

Server::~Server() {
  if (ready_handle_) tcp_.remove_ready_callback(*ready_handle_);
}

void Server::set_event_sink(EventSink* sink, std::string node) {
  sink_ = sink;
  node_ = std::move(node);
}

Result<Unit, tcp::Error> Server::start() {
  auto l = tcp_.listen(config_.port, config_.backlog);
  if (!l) return Err(l.error());
  listener_ = *l;
  if (!ready_handle_) {
    ready_handle_ = tcp_.add_ready_callback([this](tcp::SocketId id) { on_ready(id); });
  }
  return Unit{};
}

void Server::accept_all(Instant now) {
  while (listener_) {
    auto s = tcp_.accept(*listener_);
    if (!s) return;
    if (live_ >= config_.max_connections) {
      ++counters_.connections_refused;
      (void)tcp_.abort(now, *s);
      continue;
    }
    ++counters_.connections_accepted;
    std::size_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      index = conns_.size();
      conns_.emplace_back();
    }
    ExchangeObserver* observer = this;
    conns_[index] = std::make_unique<Conn>(*s, site_, config_.connection, observer,
                                           static_cast<std::uint32_t>(index), config_.input_buffer,
                                           now, next_serial_++);
    if (const tcp::Connection* tc = tcp_.connection(*s)) {
      conns_[index]->endpoints = tc->tuple().endpoints();
    }
    if (s->index >= by_tcp_slot_.size()) by_tcp_slot_.resize(s->index + 1, kNoConn);
    by_tcp_slot_[s->index] = index;
    ++live_;
    mark_dirty(index);  // data may have come before the accept
  }
}

void Server::on_ready(tcp::SocketId socket) {
  if (socket.index >= by_tcp_slot_.size()) return;  // the listener, or not ours
  const std::size_t index = by_tcp_slot_[socket.index];
  if (index == kNoConn || !conns_[index] || !(conns_[index]->socket == socket)) return;
  if (in_service_ == index) return;
  mark_dirty(index);
}

void Server::mark_dirty(std::size_t index) {
  Conn& c = *conns_[index];
  if (c.dirty) return;
  c.dirty = true;
  dirty_.push_back(index);
}

bool Server::pump(Instant now, Conn& c) {
  // Bounded: each round moves at least one byte or one end-of-stream, and buffers are bounded.
  bool more = false;
  for (int round = 0; round < 64; ++round) {
    bool progress = false;
    if (c.in_end > c.in_begin) {
      const std::size_t n = c.http.receive(Bytes(c.in).subspan(c.in_begin, c.in_end - c.in_begin));
      c.in_begin += n;
      progress = n > 0;
      if (c.in_begin == c.in_end) c.in_begin = c.in_end = 0;
    }
    if (c.eof && !c.eof_delivered && c.in_begin == c.in_end) {
      c.http.receive_end();
      c.eof_delivered = progress = true;
    }
    while (true) {
      const Bytes out = c.http.output();
      if (out.empty()) break;
      auto sent = tcp_.send(now, c.socket, out);
      if (!sent || *sent == 0) break;
      c.http.sent(*sent);
      c.last_activity = now;
      progress = true;
    }
    if (c.eof || c.in_end == c.in.size()) {
      if (!progress) break;
      continue;
    }
    if (c.in_begin > 0) {
      std::memmove(c.in.data(), c.in.data() + c.in_begin, c.in_end - c.in_begin);
      c.in_end -= c.in_begin;
      c.in_begin = 0;
    }
    auto got = tcp_.recv(now, c.socket, MutableBytes(c.in).subspan(c.in_end));
    if (got && *got > 0) {
      c.in_end += *got;
      c.last_activity = now;
      progress = true;
    } else if (got) {
      c.eof = progress = true;
    } else if (got.error() != tcp::Error::kWouldBlock) {
      c.eof = true;  // reset or timed out: nothing more will come, nothing can be sent
      c.http.receive_end();
      c.eof_delivered = true;
      c.shut = true;
      return false;
    }
    if (!progress) break;
    if (round == 63) more = true;
  }
  if (!c.shut && c.http.finished_sending()) {
    (void)tcp_.shutdown(now, c.socket);
    c.shut = true;
    c.shut_at = now;
  }
  return more;
}

void Server::expire(Instant now, Conn& c) {
  if (c.shut) {
    ++counters_.linger_timeouts;
    release(now, c.http.id(), true);
    return;
  }
  if (!c.http.output().empty()) {  // the peer stopped reading for the whole idle time
    ++counters_.idle_timeouts;
    release(now, c.http.id(), true);
    return;
  }
  if (c.request_since && now >= *c.request_since + config_.request_timeout) {
    ++counters_.request_timeouts;
    c.http.request_timed_out();
  } else {
    ++counters_.idle_timeouts;
    c.http.receive_end();  // answer nothing more; FIN once the output is out
  }
  c.request_since.reset();
  pump(now, c);
}

void Server::release(Instant now, std::size_t index, bool abort) {
  Conn& c = *conns_[index];
  by_tcp_slot_[c.socket.index] = kNoConn;  // what closing reports is no longer ours
  if (abort) {
    (void)tcp_.abort(now, c.socket);
  } else {
    (void)tcp_.close(now, c.socket);
  }
  conns_[index].reset();
  free_.push_back(index);
  --live_;
}

void Server::poll(Instant now) {
  now_ = now;
  accept_all(now);
  servicing_.swap(dirty_);
  for (const std::size_t index : servicing_) {
    if (!conns_[index]) continue;
    conns_[index]->dirty = false;
    service(now, index);
  }
  servicing_.clear();
  run_deadlines(now);
}

void Server::service(Instant now, std::size_t index) {
  Conn& c = *conns_[index];
  in_service_ = index;
  const bool more = pump(now, c);
  in_service_.reset();
  c.track_request(now);
  if (c.http.broken()) return release(now, index, true);
  if (c.shut && c.eof) return release(now, index, false);
  if (c.deadline(config_) <= now) {
    expire(now, c);
    if (!conns_[index]) return;
  }
  if (more) mark_dirty(index);
  schedule(index);
}

void Server::schedule(std::size_t index) {
  Conn& c = *conns_[index];
  const Instant at = c.deadline(config_);
  if (at >= c.scheduled_at) return;  // an entry at or before it is already there
  c.scheduled_at = at;
  deadlines_.push({at, index, c.serial});
}

void Server::run_deadlines(Instant now) {
  while (!deadlines_.empty() && deadlines_.top().at <= now) {
    const Deadline d = deadlines_.top();
    deadlines_.pop();
    Conn* c = conns_[d.index].get();
    if (!c || c->serial != d.serial || c->scheduled_at != d.at) continue;  // stale
    c->scheduled_at = tcp::kNever;
    if (c->deadline(config_) <= now) {
      expire(now, *c);
      if (!conns_[d.index]) continue;
    }
    schedule(d.index);  // activity moved it later, or expire() gave it another
  }
}

std::optional<Instant> Server::poll_at() const {
  if (!dirty_.empty()) return Instant::epoch();
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.top().at;
}

void Server::emit(const HttpEvent& event) {
  sink_->on_event(Event{now_, node_, ws::Layer::kApplication, event});
}

void Server::request_received(const ServerConnection& conn, const RequestHead& request,
                              std::uint64_t content_bytes) {
  ++counters_.requests;
  if (sink_ == nullptr) return;
  emit(HttpEvent{HttpEvent::What::kRequestReceived, conns_[conn.id()]->endpoints, request.method,
                 request.target, 0, content_bytes});
}

void Server::response_queued(const ServerConnection& conn, const RequestHead& request,
                             std::uint16_t status, std::uint64_t content_bytes) {
  if (status >= 500) {
    ++counters_.responses_5xx;
  } else if (status >= 400) {
    ++counters_.responses_4xx;
  } else {
    ++counters_.responses_2xx;
  }
  if (sink_ == nullptr) return;
  emit(HttpEvent{HttpEvent::What::kResponseSent, conns_[conn.id()]->endpoints, request.method,
                 request.target, status, content_bytes});
}

}  // namespace ws::http
