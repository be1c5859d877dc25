// An HTTP/1.1 client on a host's TCP. The caller resolves names (DNS) and hands in the address
// plus the Host value; the client connects, sends the request, parses the response (body
// collected up to a cap, or streamed to a callback), and closes its side when done, so the
// client sends the first FIN, or keeps the connection for the next request to the same server.
//
//   ws::http::Client web(tcp);              node.add_app(web);
//   web.get(now, server_ip, "www.google.com", "/", [](const ws::http::ClientResponse& r) {
//     if (r.ok()) use(r.head.status, r.body);
//   });
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wirestack/application/http/limits.h"
#include "wirestack/application/http/message.h"
#include "wirestack/application/http/parse_error.h"
#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"
#include "wirestack/trace/event.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/wire/address.h"

namespace ws::http {

struct ClientRequest {
  std::string method = "GET";
  Ipv4Address address;
  std::uint16_t port = 80;
  std::string host;  // the Host field ("www.google.com")
  std::string target = "/";
  bool close = false;  // send "Connection: close": the server then closes first
  std::vector<std::pair<std::string, std::string>> headers;  // more fields to send
};

enum class ClientError : std::uint8_t {
  kNone,
  kConnectFailed,      // refused, unreachable, or the handshake timed out (see tcp_error)
  kConnectionLost,     // reset or retransmissions exhausted after connecting
  kTimedOut,           // no complete response within ClientConfig::timeout
  kMalformedResponse,  // see parse_error
  kTruncated,          // the connection ended inside the response
};
const char* to_string(ClientError error);

struct ClientResponse {
  ClientError error = ClientError::kNone;
  tcp::Error tcp_error = tcp::Error::kNone;
  ParseError parse_error = ParseError::kNone;
  ResponseHead head;                // status, reason, headers
  std::string body;                 // up to ClientConfig::body_cap (empty when streamed)
  std::uint64_t content_bytes = 0;  // all the content received
  bool body_truncated = false;      // more content came than the cap kept
  bool reused_connection = false;
  TcpEndpoints endpoints{};
  bool ok() const { return error == ClientError::kNone; }
};

struct ClientConfig {
  Duration timeout = Duration::seconds(30);  // from the request to the end of the response
  std::size_t body_cap = 8 * 1024 * 1024;
  Limits limits = {.content = std::uint64_t{1} << 40};
  std::string user_agent = "wirestack";
  bool reuse_connections = false;  // keep-alive: park connections for the next request
  Duration pool_idle = Duration::seconds(30);
  // After "Connection: close" the server closes first; we wait this long for its FIN.
  Duration close_wait = Duration::seconds(2);
};

class Client {
 public:
  using Done = std::function<void(const ClientResponse&)>;
  using Content = std::function<void(Bytes)>;

  explicit Client(tcp::Layer& tcp, ClientConfig config = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void set_event_sink(EventSink* sink, std::string node);

  // Starts a request; `done` is called once, from a later poll. With `content`, the body is
  // handed to it as it arrives instead of being collected. Returns an id for cancel().
  std::uint64_t fetch(Instant now, ClientRequest request, Done done, Content content = {});
  std::uint64_t get(Instant now, Ipv4Address address, std::string host, std::string target,
                    Done done);
  // Aborts the request (RST); `done` is not called.
  void cancel(Instant now, std::uint64_t id);

  void poll(Instant now);
  std::optional<Instant> poll_at() const;

  std::size_t in_flight() const { return exchanges_.size(); }
  std::size_t pooled() const { return pool_.size(); }
  std::size_t closing() const { return closing_.size(); }

 private:
  struct Exchange;
  struct Pooled {
    Ipv4Address address;
    std::uint16_t port;
    tcp::SocketId socket;
    Instant since;
  };

  bool send_request(Instant now, Exchange& x);
  // True when the exchange is over (its response filled in).
  bool advance(Instant now, Exchange& x);
  bool receive(Instant now, Exchange& x);
  void finish(Instant now, Exchange& x);
  void fail(Instant now, Exchange& x, ClientError error);
  std::optional<tcp::SocketId> from_pool(Instant now, Ipv4Address address, std::uint16_t port);
  void poll_pool(Instant now);
  // Closes connections whose server said it closes, once its FIN is in (or after a grace time).
  void poll_closing(Instant now);
  void emit(Instant now, const HttpEvent& event);

  tcp::Layer& tcp_;
  ClientConfig config_;
  std::vector<std::unique_ptr<Exchange>> exchanges_;
  std::vector<Pooled> pool_;
  std::vector<Pooled> closing_;  // `since`: when to close anyway
  std::vector<std::uint8_t> scratch_;
  std::uint64_t next_id_ = 1;
  EventSink* sink_ = nullptr;
  std::string node_;
};

}  // namespace ws::http
