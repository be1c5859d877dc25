#include "wirestack/sim/journey_apps.h"

#include "wirestack/application/http/builtin_pages.h"
#include "wirestack/sim/internet_dns.h"
#include "wirestack/wire/dns_name.h"

namespace ws::sim {

JourneyApps::JourneyApps(InternetTopology& net, JourneyUrl url)
    : net_(net),
      url_(std::move(url)),
      client_rng_(net.topology().rng().fork()),
      server_rng_(net.topology().rng().fork()),
      client_tcp_(net.client(), client_rng_),
      server_tcp_(net.web_server(), server_rng_),
      browser_(client_tcp_, {.user_agent = "wirestack-journey"}),
      server_(server_tcp_) {
  server_.site().add_page("/", "text/html; charset=utf-8", std::string(http::search_home_page()));
  if (auto started = server_.start(); !started) {
    error_ = std::string("web server: ") + tcp::to_string(started.error());
  }
  net_.node(net_.client()).add_app(client_tcp_);
  net_.node(net_.client()).add_app(browser_);
  net_.node(net_.web_server()).add_app(server_tcp_);
  net_.node(net_.web_server()).add_app(server_);
}

JourneyApps::~JourneyApps() = default;

void JourneyApps::set_event_sink(EventSink* sink) {
  client_tcp_.set_event_sink(sink);
  server_tcp_.set_event_sink(sink);
  browser_.set_event_sink(sink, net_.client().name());
  server_.set_event_sink(sink, net_.web_server().name());
}

const tcp::Layer* JourneyApps::tcp_of(const Host& host) const {
  if (&host == &net_.client()) return &client_tcp_;
  if (&host == &net_.web_server()) return &server_tcp_;
  return nullptr;
}

std::uint16_t JourneyApps::browser_port() const {
  return response_ ? response_->endpoints.local_port : 0;
}

void JourneyApps::visit(Instant now) {
  response_.reset();
  address_.reset();
  auto name = dns::DnsName::from_text(url_.host);
  if (!name) {
    error_ = "'" + url_.host + "' is not a domain name";
    return;
  }
  // S2-S5: the stub asks the configured resolver (or answers from its cache, right here).
  net_.dns().client_stub().lookup(*name, dns::rr_type::kA, now, [this](const dns::Resolution& r) {
    const auto addresses = r.addresses();
    if (addresses.empty()) {
      error_ = url_.host + ": no address (DNS rcode " + std::to_string(r.rcode) + ")";
      return;
    }
    fetch(net_.sim().now(), addresses.front());
  });
}

void JourneyApps::fetch(Instant now, Ipv4Address address) {
  address_ = address;
  http::ClientRequest request;
  request.address = address;
  request.port = url_.port;
  request.host = url_.host;
  request.target = url_.path;
  browser_.fetch(now, request, [this](const http::ClientResponse& r) {
    response_ = r;
    if (!r.ok()) error_ = std::string("http: ") + http::to_string(r.error);
  });
}

void JourneyApps::fill(JourneyResult& result) const {
  result.address = address_;
  if (!error_.empty()) result.error = error_;
  if (!response_ || !response_->ok()) return;
  result.local_port = response_->endpoints.local_port;
  result.status = response_->head.status;
  result.response = "HTTP/1.1 " + std::to_string(result.status) + " " + response_->head.reason;
  for (std::size_t i = 0; i < response_->head.headers.size(); ++i) {
    const http::Field f = response_->head.headers[i];
    result.response += "\r\n" + std::string(f.name) + ": " + std::string(f.value);
  }
  result.body = response_->body;
}

}  // namespace ws::sim
