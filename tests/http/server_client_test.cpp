// The server and the client on two simulated hosts: built-in pages, files, errors, keep-alive,
// the closing handshake's order, and many clients at once.
#include <gtest/gtest.h>

#include "http/web_net.h"
#include "wirestack/application/http/builtin_pages.h"
#include "wirestack/trace/event_summary.h"
#include "wirestack/trace/jsonl_renderer.h"

namespace ws::http {
namespace {

WebNet& with_home_page(WebNet& net) {
  net.server.site().add_page("/", "text/html; charset=utf-8", std::string(search_home_page()));
  EXPECT_TRUE(net.server.start().ok());
  return net;
}

TEST(ServerClient, GetRootReturnsTheBuiltInPage) {
  WebNet net(1);
  with_home_page(net);
  const ClientResponse r = net.fetch("/");
  ASSERT_TRUE(r.ok()) << to_string(r.error);
  EXPECT_EQ(r.head.status, 200);
  EXPECT_EQ(r.head.reason, "OK");
  EXPECT_EQ(r.body, search_home_page());
  EXPECT_EQ(r.head.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.head.headers.get("Content-Length"), std::to_string(search_home_page().size()));
}

TEST(ServerClient, UnknownPathIs404AndPostIs405WithAllow) {
  WebNet net(2);
  with_home_page(net);
  EXPECT_EQ(net.fetch("/missing").head.status, 404);
  const ClientResponse post = net.fetch("/", "POST");
  EXPECT_EQ(post.head.status, 405);
  EXPECT_EQ(post.head.headers.get("Allow"), "GET, HEAD");
  EXPECT_EQ(net.fetch("/", "BREW").head.status, 501);
}

TEST(ServerClient, HeadHasTheLengthButNoBody) {
  WebNet net(3);
  with_home_page(net);
  const ClientResponse r = net.fetch("/", "HEAD");
  ASSERT_TRUE(r.ok()) << to_string(r.error);
  EXPECT_EQ(r.head.status, 200);
  EXPECT_EQ(r.head.headers.get("Content-Length"), std::to_string(search_home_page().size()));
  EXPECT_TRUE(r.body.empty());
}

TEST(ServerClient, ClientClosesFirstAndEndsInTimeWaitWhileServerReachesClosed) {
  WebNet net(4);
  with_home_page(net);
  ASSERT_TRUE(net.fetch("/").ok());
  net.topo.sim().run_for(Duration::seconds(1));
  EXPECT_EQ(net.server.connections(), 0u);
  EXPECT_EQ(net.server_tcp.connection_count(), 0u);  // LAST-ACK done: CLOSED and reaped
  EXPECT_EQ(net.client_tcp.connection_count(), 1u);  // TIME-WAIT
}

TEST(ServerClient, ConnectionCloseMakesTheServerCloseFirst) {
  WebNet net(5);
  with_home_page(net);
  const ClientResponse r = net.fetch("/", "GET", /*close=*/true);
  ASSERT_TRUE(r.ok()) << to_string(r.error);
  EXPECT_EQ(r.head.headers.get("Connection"), "close");
  net.topo.sim().run_for(Duration::seconds(1));
  EXPECT_EQ(net.server_tcp.connection_count(), 1u);  // the server is in TIME-WAIT now
  EXPECT_EQ(net.client_tcp.connection_count(), 0u);
}

TEST(ServerClient, KeepAliveReusesOneConnectionForManyRequests) {
  ClientConfig config;
  config.reuse_connections = true;
  WebNet net(6, {}, config);
  with_home_page(net);
  for (int i = 0; i < 5; ++i) {
    const Instant start = net.now();
    const ClientResponse r = net.fetch("/");
    ASSERT_TRUE(r.ok()) << to_string(r.error);
    EXPECT_EQ(r.reused_connection, i > 0);
    // On a parked connection the request leaves at once: one round trip on a 50 µs LAN.
    if (i > 0) {
      EXPECT_LT(net.now() - start, Duration::millis(1));
    }
  }
  EXPECT_EQ(net.server.counters().connections_accepted, 1u);
  EXPECT_EQ(net.server.counters().requests, 5u);
  EXPECT_EQ(net.client.pooled(), 1u);
}

TEST(ServerClient, ParkedConnectionClosedByTheServerIsNotReused) {
  ClientConfig client;
  client.reuse_connections = true;
  client.pool_idle = Duration::seconds(600);
  ServerConfig server;
  server.idle_timeout = Duration::seconds(5);
  WebNet net(8, server, client);
  with_home_page(net);
  ASSERT_TRUE(net.fetch("/").ok());
  net.topo.sim().run_for(Duration::seconds(10));  // the server closes the idle connection
  EXPECT_EQ(net.client.pooled(), 0u);
  const ClientResponse again = net.fetch("/");
  ASSERT_TRUE(again.ok()) << to_string(again.error);
  EXPECT_FALSE(again.reused_connection);
}

TEST(ServerClient, ManyConcurrentClientsAreAllServed) {
  WebNet net(9);
  with_home_page(net);
  constexpr int kClients = 300;
  int ok = 0;
  for (int i = 0; i < kClients; ++i) {
    net.client.get(net.now(), kServerIp, "www.example.test", "/",
                   [&](const ClientResponse& r) { ok += r.ok() && r.body == search_home_page(); });
  }
  net.topo.sim().run_while([&] { return ok < kClients; }, net.now() + Duration::seconds(30));
  EXPECT_EQ(ok, kClients);
  EXPECT_EQ(net.server.counters().connections_accepted, static_cast<std::uint64_t>(kClients));
  net.topo.sim().run_for(Duration::seconds(2));
  EXPECT_EQ(net.server.connections(), 0u);
}

TEST(ServerClient, ConnectingToAClosedPortFails) {
  WebNet net(10);  // the server never starts listening
  const ClientResponse r = net.fetch("/");
  EXPECT_EQ(r.error, ClientError::kConnectFailed);
  EXPECT_EQ(r.tcp_error, tcp::Error::kConnectionRefused);
}

TEST(ServerClient, ASilentServerTimesOut) {
  ClientConfig config;
  config.timeout = Duration::seconds(3);
  WebNet net(11, {}, config);
  auto listener = net.server_tcp.listen(80, 8);  // accepts, but nobody answers
  ASSERT_TRUE(listener.ok());
  const Instant start = net.now();
  const ClientResponse r = net.fetch("/");
  EXPECT_EQ(r.error, ClientError::kTimedOut);
  EXPECT_GE(net.now() - start, Duration::seconds(3));
  EXPECT_LT(net.now() - start, Duration::seconds(4));
}

TEST(ServerClient, BodyBeyondTheCapIsCountedButNotKept) {
  ClientConfig config;
  config.body_cap = 100;
  WebNet net(12, {}, config);
  with_home_page(net);
  const ClientResponse r = net.fetch("/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.body, search_home_page().substr(0, 100));
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.content_bytes, search_home_page().size());
}

TEST(ServerClient, StreamedContentArrivesInPiecesThatAddUp) {
  WebNet net(13);
  net.server.site().add_page("/big", "text/plain", std::string(200000, 'z'));
  ASSERT_TRUE(net.server.start().ok());
  std::string streamed;
  int pieces = 0;
  std::optional<ClientResponse> got;
  ClientRequest request;
  request.address = kServerIp;
  request.host = "h";
  request.target = "/big";
  net.client.fetch(
      net.now(), request, [&](const ClientResponse& r) { got = r; },
      [&](Bytes b) {
        ++pieces;
        streamed.append(reinterpret_cast<const char*>(b.data()), b.size());
      });
  net.topo.sim().run_while([&] { return !got; }, net.now() + Duration::seconds(10));
  ASSERT_TRUE(got && got->ok());
  EXPECT_TRUE(got->body.empty());
  EXPECT_EQ(streamed, std::string(200000, 'z'));
  EXPECT_GT(pieces, 1);
}

// Records the HTTP events in order, and each as a JSON line.
struct HttpRecorder final : EventSink {
  std::vector<std::string> lines;
  std::vector<std::string> json;
  void on_event(const Event& e) override {
    if (!std::holds_alternative<HttpEvent>(e.data)) return;
    lines.push_back(std::string(e.node) + ": " + event_summary(e));
    std::FILE* f = std::tmpfile();
    JsonlRenderer(f).on_event(e);
    std::rewind(f);
    char buf[1024] = {};
    json.emplace_back(buf, std::fread(buf, 1, sizeof buf - 1, f));
    std::fclose(f);
  }
};

TEST(ServerClient, EventsNarrateRequestAndResponseOnBothHosts) {
  WebNet net(14);
  with_home_page(net);
  HttpRecorder rec;
  net.server.set_event_sink(&rec, "server");
  net.client.set_event_sink(&rec, "client");
  ASSERT_TRUE(net.fetch("/").ok());
  const std::string size = std::to_string(search_home_page().size());
  ASSERT_EQ(rec.lines.size(), 4u);
  EXPECT_EQ(rec.lines[0], "client: http request sent: GET /");
  EXPECT_EQ(rec.lines[1], "server: http request received: GET /");
  EXPECT_EQ(rec.lines[2], "server: http response sent: 200 OK for GET / (" + size + " bytes)");
  EXPECT_EQ(rec.lines[3], "client: http response received: 200 OK for GET / (" + size + " bytes)");
  EXPECT_NE(rec.json[3].find("\"protocol\":\"http\""), std::string::npos) << rec.json[3];
  EXPECT_NE(rec.json[3].find("\"kind\":\"http_response\""), std::string::npos);
  EXPECT_NE(rec.json[3].find("\"status\":200"), std::string::npos);
  EXPECT_NE(rec.json[3].find("\"local\":\"10.0.0.1:"), std::string::npos);
  EXPECT_NE(rec.json[1].find("\"remote\":\"10.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace ws::http
