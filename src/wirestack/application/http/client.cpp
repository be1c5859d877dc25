#include "wirestack/application/http/client.h"

#include <algorithm>

#include "wirestack/application/http/response_parser.h"
#include "wirestack/application/http/serializer.h"

namespace ws::http {

const char* to_string(ClientError error) {
  switch (error) {
    case ClientError::kNone:
      return "ok";
    case ClientError::kConnectFailed:
      return "connect failed";
    case ClientError::kConnectionLost:
      return "connection lost";
    case ClientError::kTimedOut:
      return "timed out";
    case ClientError::kMalformedResponse:
      return "malformed response";
    case ClientError::kTruncated:
      return "truncated response";
  }
  return "unknown";
}

struct Client::Exchange {
  Exchange(const Limits& limits) : parser(limits) {}

  std::uint64_t id = 0;
  ClientRequest request;
  Done done;
  Content content;
  std::optional<tcp::SocketId> socket;
  tcp::Error connect_error = tcp::Error::kNone;  // connect() refused at once
  bool connected = false;
  std::string out;
  std::size_t out_pos = 0;
  bool request_sent = false;
  ResponseParser parser;
  ClientResponse response;
  Instant deadline;
  bool over = false;
};

Client::Client(tcp::Layer& tcp, ClientConfig config)
    : tcp_(tcp), config_(std::move(config)), scratch_(16 * 1024) {}

Client::~Client() = default;

void Client::set_event_sink(EventSink* sink, std::string node) {
  sink_ = sink;
  node_ = std::move(node);
}

void Client::emit(Instant now, const HttpEvent& event) {
  if (sink_ != nullptr) sink_->on_event(Event{now, node_, ws::Layer::kApplication, event});
}

std::uint64_t Client::get(Instant now, Ipv4Address address, std::string host, std::string target,
                          Done done) {
  ClientRequest request;
  request.address = address;
  request.host = std::move(host);
  request.target = std::move(target);
  return fetch(now, std::move(request), std::move(done));
}

std::uint64_t Client::fetch(Instant now, ClientRequest request, Done done, Content content) {
  auto x = std::make_unique<Exchange>(config_.limits);
  x->id = next_id_++;
  x->done = std::move(done);
  x->content = std::move(content);
  x->deadline = now + config_.timeout;
  x->parser.expect(request.method);

  RequestHead head;
  head.method = request.method;
  head.target = request.target;
  head.headers.add("Host", request.host);
  if (!config_.user_agent.empty()) head.headers.add("User-Agent", config_.user_agent);
  head.headers.add("Accept", "*/*");
  if (request.close) head.headers.add("Connection", "close");
  for (const auto& [name, value] : request.headers) head.headers.add(name, value);
  append_request_head(x->out, head);

  x->socket = from_pool(now, request.address, request.port);
  if (x->socket) {
    // A parked connection is ready: the request leaves now, as a SYN would for a new one.
    x->connected = x->response.reused_connection = true;
    x->request = request;
    (void)send_request(now, *x);  // a failure is reported from the next poll
  } else if (auto s = tcp_.connect(now, request.address, request.port)) {
    x->socket = *s;
  } else {
    x->connect_error = s.error();
  }
  x->request = std::move(request);
  const std::uint64_t id = x->id;
  exchanges_.push_back(std::move(x));
  return id;
}

void Client::cancel(Instant now, std::uint64_t id) {
  auto it = std::find_if(exchanges_.begin(), exchanges_.end(),
                         [id](const auto& x) { return x->id == id; });
  if (it == exchanges_.end()) return;
  if ((*it)->socket) (void)tcp_.abort(now, *(*it)->socket);
  exchanges_.erase(it);
}

void Client::fail(Instant now, Exchange& x, ClientError error) {
  x.response.error = error;
  if (x.socket) {
    if (x.response.tcp_error == tcp::Error::kNone) x.response.tcp_error = tcp_.error(*x.socket);
    (void)tcp_.abort(now, *x.socket);
  }
  x.over = true;
}

void Client::finish(Instant now, Exchange& x) {
  x.response.head = x.parser.head();
  emit(now, HttpEvent{HttpEvent::What::kResponseReceived, x.response.endpoints, x.request.method,
                      x.request.target, x.response.head.status, x.response.content_bytes});
  const bool reuse = config_.reuse_connections && !x.request.close && x.parser.keep_alive() &&
                     tcp_.state(*x.socket) == tcp::State::kEstablished;
  if (reuse) {
    pool_.push_back({x.request.address, x.request.port, *x.socket, now});
  } else if (x.request.close || !x.parser.keep_alive()) {
    // The server closes first (RFC 9112 §9.6); closing now too would cross its FIN.
    closing_.push_back({x.request.address, x.request.port, *x.socket, now + config_.close_wait});
  } else {
    (void)tcp_.close(now, *x.socket);  // our FIN: the client closes first (RFC 9112 §9.6)
  }
  x.over = true;
}

bool Client::receive(Instant now, Exchange& x) {
  while (true) {
    auto got = tcp_.recv(now, *x.socket, scratch_);
    if (!got) {
      if (got.error() == tcp::Error::kWouldBlock) return false;
      x.response.tcp_error = got.error();
      fail(now, x, ClientError::kConnectionLost);
      return true;
    }
    if (*got == 0) {  // end of stream: completes a body delimited by the close
      if (x.parser.finish() == ParseError::kNone && x.parser.complete()) {
        finish(now, x);
      } else {
        x.response.parse_error = x.parser.error();
        fail(now, x, ClientError::kTruncated);
      }
      return true;
    }
    Bytes data = Bytes(scratch_).first(*got);
    while (!data.empty()) {
      const MessageParser::Step step = x.parser.feed(data);
      data = data.subspan(step.consumed);
      if (!step.content.empty()) {
        x.response.content_bytes += step.content.size();
        if (x.content) {
          x.content(step.content);
        } else {
          const std::size_t room = config_.body_cap - x.response.body.size();
          const std::size_t keep = std::min(room, step.content.size());
          x.response.body.append(reinterpret_cast<const char*>(step.content.data()), keep);
          x.response.body_truncated |= keep < step.content.size();
        }
      }
      if (x.parser.failed()) {
        x.response.parse_error = x.parser.error();
        fail(now, x, ClientError::kMalformedResponse);
        return true;
      }
      if (!x.parser.complete()) continue;
      // RFC 9110 §15.2: interim responses (100 Continue, ...) precede the real one.
      const std::uint16_t code = x.parser.head().status;
      if (code >= 100 && code < 200 && code != 101) {
        x.parser.reset();
        x.parser.expect(x.request.method);
        continue;
      }
      finish(now, x);
      return true;
    }
  }
}

// Writes what the send buffer takes of the request; false when the connection failed.
bool Client::send_request(Instant now, Exchange& x) {
  if (const tcp::Connection* c = tcp_.connection(*x.socket)) {
    x.response.endpoints = c->tuple().endpoints();
  }
  while (x.out_pos < x.out.size()) {
    auto sent = tcp_.send(now, *x.socket,
                          Bytes(reinterpret_cast<const std::uint8_t*>(x.out.data()) + x.out_pos,
                                x.out.size() - x.out_pos));
    if (!sent) {
      if (sent.error() == tcp::Error::kWouldBlock) break;
      x.response.tcp_error = sent.error();
      fail(now, x, ClientError::kConnectionLost);
      return false;
    }
    x.out_pos += *sent;
  }
  if (x.out_pos == x.out.size() && !x.request_sent) {
    x.request_sent = true;
    emit(now, HttpEvent{HttpEvent::What::kRequestSent, x.response.endpoints, x.request.method,
                        x.request.target, 0, 0});
  }
  return true;
}

bool Client::advance(Instant now, Exchange& x) {
  if (x.over) return true;
  if (!x.socket) {
    x.response.tcp_error = x.connect_error;
    fail(now, x, ClientError::kConnectFailed);
    return true;
  }
  if (now >= x.deadline) {
    fail(now, x, ClientError::kTimedOut);
    return true;
  }
  const auto state = tcp_.state(*x.socket);
  if (!x.connected) {
    if (state == tcp::State::kSynSent || state == tcp::State::kSynReceived) return false;
    if (state != tcp::State::kEstablished && state != tcp::State::kCloseWait) {
      fail(now, x, ClientError::kConnectFailed);
      return true;
    }
    x.connected = true;
  }
  if (!send_request(now, x)) return true;
  return receive(now, x);
}

std::optional<tcp::SocketId> Client::from_pool(Instant now, Ipv4Address address,
                                               std::uint16_t port) {
  poll_pool(now);
  for (auto it = pool_.begin(); it != pool_.end(); ++it) {
    if (it->address == address && it->port == port) {
      const tcp::SocketId s = it->socket;
      pool_.erase(it);
      return s;
    }
  }
  return std::nullopt;
}

// Parked connections the server closed (or that idled too long) are closed here.
void Client::poll_pool(Instant now) {
  std::erase_if(pool_, [&](const Pooled& p) {
    const bool dead = tcp_.readable(p.socket) || tcp_.state(p.socket) != tcp::State::kEstablished;
    if (!dead && now - p.since < config_.pool_idle) return false;
    (void)tcp_.close(now, p.socket);
    return true;
  });
}

void Client::poll_closing(Instant now) {
  std::erase_if(closing_, [&](const Pooled& p) {
    if (now < p.since && !tcp_.readable(p.socket)) return false;
    // Whatever the server sent after the response is dropped; read it so close() sends FIN.
    while (true) {
      auto got = tcp_.recv(now, p.socket, scratch_);
      if (!got || *got == 0) break;
    }
    (void)tcp_.close(now, p.socket);
    return true;
  });
}

void Client::poll(Instant now) {
  poll_pool(now);
  poll_closing(now);
  std::vector<std::unique_ptr<Exchange>> over;
  for (auto& x : exchanges_) {
    if (advance(now, *x)) over.push_back(std::move(x));
  }
  std::erase(exchanges_, nullptr);
  // Callbacks last: they may start new requests.
  for (auto& x : over) {
    if (x->done) x->done(x->response);
  }
}

std::optional<Instant> Client::poll_at() const {
  std::optional<Instant> at;
  for (const auto& x : exchanges_) {
    const Instant t = x->socket && !x->over ? x->deadline : Instant::epoch();
    if (!at || t < *at) at = t;
  }
  for (const auto& p : pool_) {
    const Instant t = p.since + config_.pool_idle;
    if (!at || t < *at) at = t;
  }
  for (const auto& p : closing_) {
    if (!at || p.since < *at) at = p.since;
  }
  return at;
}

}  // namespace ws::http
