// HTTP as the packet printer and the dissector show it: the request and status lines of an
// exchange on the simulator, tcpdump's format, Wireshark's field names; the capture passes
// tshark and tshark reads the same fields.
#include <gtest/gtest.h>

#include <filesystem>

#include "http/web_net.h"
#include "support/test_env.h"
#include "wirestack/application/http/builtin_pages.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/frame_printer.h"
#include "wirestack/wire/http_line.h"

namespace ws::http {
namespace {

Bytes text(std::string_view s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(HttpWire, FirstLinesAreRecognisedLeniently) {
  auto req = http_wire::first_line(text("GET /a?b HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->request);
  EXPECT_EQ(req->method, "GET");
  EXPECT_EQ(req->target, "/a?b");
  EXPECT_EQ(req->version, "HTTP/1.1");
  auto resp = http_wire::first_line(text("HTTP/1.0 404 Not Found\r\n"));
  ASSERT_TRUE(resp);
  EXPECT_FALSE(resp->request);
  EXPECT_EQ(resp->code, "404");
  EXPECT_EQ(resp->reason, "Not Found");
  for (const char* no : {"", "GET / HTTP/1.1", "<html>\r\n", "get / HTTP/1.1\r\n", "GET /\r\n",
                         "HTTP/1.1 2x0 OK\r\n", "GET / HTTP/1.1\x01\r\n"}) {
    EXPECT_FALSE(http_wire::first_line(text(no))) << no;
  }
  EXPECT_EQ(http_wire::describe(text("<html>")), "HTTP");
  EXPECT_EQ(http_wire::describe(text("HTTP/1.1 200 OK\r\n")), "HTTP: HTTP/1.1 200 OK");
}

// Every frame the client host sent or received.
struct FrameLog final : EventSink {
  std::vector<std::vector<std::uint8_t>> frames;
  void on_event(const Event& e) override {
    if (const auto* f = std::get_if<FrameEvent>(&e.data); f && e.node == "client") {
      frames.emplace_back(f->frame.begin(), f->frame.end());
    }
  }
};

TEST(HttpWire, ExchangePrintsRequestAndStatusLinesAndDissectsTheirFields) {
  WebNet net(21);
  net.server.site().add_page("/", "text/html; charset=utf-8", std::string(search_home_page()));
  ASSERT_TRUE(net.server.start().ok());
  FrameLog log;
  net.topo.set_event_sink(&log);
  ASSERT_TRUE(net.fetch("/").ok());
  std::vector<std::string> http_lines;
  std::string method, uri, code, phrase;
  for (const auto& f : log.frames) {
    const std::string line = describe_frame(f);
    if (line.find("HTTP") != std::string::npos) http_lines.push_back(line);
    const Dissection d = dissect_ethernet_frame(f);
    if (const auto* m = d.find("http.request.method")) method = *m;
    if (const auto* u = d.find("http.request.uri")) uri = *u;
    if (const auto* c = d.find("http.response.code")) code = *c;
    if (const auto* p = d.find("http.response.phrase")) phrase = *p;
  }
  ASSERT_EQ(http_lines.size(), 2u);
  EXPECT_NE(http_lines[0].find("10.0.0.1."), std::string::npos);
  EXPECT_TRUE(http_lines[0].ends_with(": HTTP: GET / HTTP/1.1")) << http_lines[0];
  EXPECT_TRUE(http_lines[1].ends_with(": HTTP: HTTP/1.1 200 OK")) << http_lines[1];
  EXPECT_EQ(method, "GET");
  EXPECT_EQ(uri, "/");
  EXPECT_EQ(code, "200");
  EXPECT_EQ(phrase, "OK");
}

TEST(HttpWire, CaptureOfAnExchangePassesTsharkWithTheSameHttpFields) {
  if (!ws::test::have_tshark()) GTEST_SKIP() << "tshark absent";
  const auto dir = ws::test::scratch_dir("HttpWire.Capture");
  WebNet net(22);
  net.server.site().add_page("/", "text/html; charset=utf-8", std::string(search_home_page()));
  ASSERT_TRUE(net.server.start().ok());
  ASSERT_TRUE(net.topo.sim().capture_links(dir).ok());
  ASSERT_TRUE(net.fetch("/").ok());
  ASSERT_TRUE(net.fetch("/missing").ok());
  net.topo.sim().run_for(Duration::seconds(1));
  ASSERT_TRUE(net.topo.sim().flush_captures().ok());
  const auto pcap = dir / "lan.pcap";
  EXPECT_EQ(ws::test::tshark_validate(pcap), "");
  const auto lines = ws::test::tshark_fields(
      pcap,
      {"http.request.method", "http.request.uri", "http.response.code", "http.response.phrase"},
      "http", {"tcp.desegment_tcp_streams:FALSE"});
  EXPECT_EQ(lines,
            (std::vector<std::string>{"GET|/||", "||200|OK", "GET|/missing||", "||404|Not Found"}));
}

}  // namespace
}  // namespace ws::http
