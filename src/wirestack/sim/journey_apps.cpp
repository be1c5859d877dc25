#include "wirestack/sim/journey_apps.h"

#include <algorithm>
#include <cstring>

namespace ws::sim {
namespace {

constexpr std::uint16_t kHttpPort = 80;

// The page www serves for `GET /`.
constexpr const char* kPage =
    "<!doctype html>\n<html><head><title>Google</title></head>\n"
    "<body><h1>Hello from www.google.com (simulated)</h1>\n"
    "<p>This page came back over TCP port 80, through NAT and four routers.</p></body></html>\n";

std::string response_for(const std::string& request) {
  const bool root = request.rfind("GET / ", 0) == 0;
  const std::string body = root ? kPage : "<!doctype html>\n<p>Not found</p>\n";
  return std::string(root ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n") +
         "Content-Type: text/html; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

JourneyApps::JourneyApps(InternetTopology& net, JourneyUrl url)
    : net_(net),
      url_(std::move(url)),
      client_rng_(net.topology().rng().fork()),
      server_rng_(net.topology().rng().fork()),
      client_tcp_(net.client(), client_rng_),
      server_tcp_(net.web_server(), server_rng_) {
  net_.node(net_.client()).add_app(client_tcp_);
  net_.node(net_.client()).add_app(browser_driver_);
  net_.node(net_.web_server()).add_app(server_tcp_);
  net_.node(net_.web_server()).add_app(server_driver_);
  if (auto l = server_tcp_.listen(kHttpPort, 16)) listener_ = *l;
}

JourneyApps::~JourneyApps() = default;

void JourneyApps::set_event_sink(EventSink* sink) {
  client_tcp_.set_event_sink(sink);
  server_tcp_.set_event_sink(sink);
}

const tcp::Layer* JourneyApps::tcp_of(const Host& host) const {
  if (&host == &net_.client()) return &client_tcp_;
  if (&host == &net_.web_server()) return &server_tcp_;
  return nullptr;
}

void JourneyApps::visit(Instant now) {
  stage_ = Stage::kResolving;
  received_.clear();
  socket_.reset();
  // Until the simulated internet serves DNS, the web server's address stands in for the answer.
  connect(now, InternetTopology::kWebServer);
}

void JourneyApps::connect(Instant now, Ipv4Address address) {
  address_ = address;
  auto s = client_tcp_.connect(now, address, url_.port);
  if (!s) {
    error_ = std::string("connect: ") + tcp::to_string(s.error());
    return;
  }
  socket_ = *s;
  port_ = client_tcp_.connection(*s)->tuple().local_port;
  stage_ = Stage::kConnecting;
}

void JourneyApps::poll_browser(Instant now) {
  if (!socket_) return;
  if (stage_ == Stage::kConnecting && client_tcp_.writable(*socket_)) {
    const std::string request = "GET " + url_.path + " HTTP/1.1\r\nHost: " + url_.host +
                                "\r\nUser-Agent: wirestack-journey\r\nAccept: text/html\r\n\r\n";
    (void)client_tcp_.send(
        now, *socket_,
        Bytes(reinterpret_cast<const std::uint8_t*>(request.data()), request.size()));
    stage_ = Stage::kReading;
  }
  if (stage_ == Stage::kReading) read_response(now);
}

void JourneyApps::read_response(Instant now) {
  std::uint8_t buf[4096];
  for (;;) {
    auto got = client_tcp_.recv(now, *socket_, buf);
    if (!got) {
      if (got.error() != tcp::Error::kWouldBlock) error_ = tcp::to_string(got.error());
      break;
    }
    if (*got == 0) break;
    received_.append(reinterpret_cast<const char*>(buf), *got);
  }
  const auto head_end = received_.find("\r\n\r\n");
  if (head_end == std::string::npos) return;
  const auto cl = received_.find("Content-Length: ");
  if (cl == std::string::npos || cl > head_end) return;
  const std::size_t length = std::stoul(received_.substr(cl + 16));
  if (received_.size() < head_end + 4 + length) return;
  // The whole page is here: the browser closes (our FIN first: the client waits in TIME-WAIT).
  (void)client_tcp_.close(now, *socket_);
  stage_ = Stage::kDone;
}

void JourneyApps::poll_server(Instant now) {
  if (listener_) {
    while (auto s = server_tcp_.accept(*listener_)) served_.push_back({*s, {}, false});
  }
  std::uint8_t buf[4096];
  for (auto it = served_.begin(); it != served_.end();) {
    bool eof = false;
    for (;;) {
      auto got = server_tcp_.recv(now, it->socket, buf);
      if (!got) break;
      if (*got == 0) {
        eof = true;
        break;
      }
      it->request.append(reinterpret_cast<const char*>(buf), *got);
    }
    if (!it->answered && it->request.find("\r\n\r\n") != std::string::npos) {
      const std::string response = response_for(it->request);
      (void)server_tcp_.send(
          now, it->socket,
          Bytes(reinterpret_cast<const std::uint8_t*>(response.data()), response.size()));
      it->answered = true;
    }
    if (eof) {
      (void)server_tcp_.close(now, it->socket);
      it = served_.erase(it);
    } else {
      ++it;
    }
  }
}

void JourneyApps::fill(JourneyResult& result) const {
  result.address = address_;
  result.local_port = port_;
  if (!error_.empty()) result.error = error_;
  const auto head_end = received_.find("\r\n\r\n");
  if (head_end == std::string::npos) return;
  result.response = received_.substr(0, head_end);
  result.body = received_.substr(head_end + 4);
  if (received_.rfind("HTTP/1.1 ", 0) == 0) result.status = std::atoi(received_.c_str() + 9);
}

}  // namespace ws::sim
