// The server and the client on two simulated hosts: built-in pages, files, errors, keep-alive,
// the closing handshake's order, and many clients at once.
#include <gtest/gtest.h>

#include "http/web_net.h"
#include "wirestack/application/http/builtin_pages.h"

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

}  // namespace
}  // namespace ws::http
