// The server on the simulator, driven by raw bytes and by the client: files (bytes match, no
// escape from the root), malformed requests, pipelining, HTTP/1.0, idle and bounded peers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/web_net.h"
#include "support/test_env.h"
#include "wirestack/application/http/builtin_pages.h"
#include "wirestack/application/http/response_parser.h"

namespace ws::http {
namespace {

namespace fs = std::filesystem;

// Every response in `text`, in order (status, body).
std::vector<std::pair<int, std::string>> responses_in(std::string_view text,
                                                      const char* method = "GET") {
  std::vector<std::pair<int, std::string>> out;
  ResponseParser p;
  Bytes in(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  std::string body;
  p.expect(method);
  while (!in.empty() && !p.failed()) {
    auto step = p.feed(in);
    in = in.subspan(step.consumed);
    body.append(reinterpret_cast<const char*>(step.content.data()), step.content.size());
    if (p.complete()) {
      out.emplace_back(p.head().status, body);
      body.clear();
      p.reset();
      p.expect(method);
    }
  }
  return out;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ws::test::scratch_dir("http_server") / "www";
    fs::remove_all(root_.parent_path());
    fs::create_directories(root_ / "docs");
    write(root_ / "index.html", "<h1>index</h1>");
    write(root_ / "docs" / "note.txt", "a note");
    write(root_.parent_path() / "secret.txt", "do not serve");
    fs::create_symlink(root_.parent_path() / "secret.txt", root_ / "leak.txt");
    fs::create_symlink(root_ / "docs" / "note.txt", root_ / "alias.txt");
    fs::create_directory_symlink(root_.parent_path(), root_ / "up");
    net_.server.site().add_page("/", "text/html; charset=utf-8", std::string(search_home_page()));
    ASSERT_TRUE(net_.server.site().serve_directory(root_));
    ASSERT_TRUE(net_.server.start().ok());
  }
  static void write(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
  }

  fs::path root_;
  WebNet net_{7};
};

TEST_F(ServerTest, DownloadedFileMatchesTheFileByteForByte) {
  std::string data(300 * 1024 + 17, '\0');
  Rng rng(99);
  for (char& c : data) c = static_cast<char>(rng.next_u32());
  write(root_ / "blob.bin", data);
  const ClientResponse r = net_.fetch("/blob.bin");
  ASSERT_TRUE(r.ok()) << to_string(r.error);
  EXPECT_EQ(r.head.status, 200);
  EXPECT_EQ(r.head.headers.get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(r.body.size(), data.size());
  EXPECT_TRUE(r.body == data);
}

TEST_F(ServerTest, FilesAndDirectoryIndexAreServedWithTheirTypes) {
  // Built-in pages come first: "/" is the built-in page even with an index.html on disk.
  EXPECT_EQ(net_.fetch("/").body, search_home_page());
  const ClientResponse note = net_.fetch("/docs/note.txt");
  EXPECT_EQ(note.body, "a note");
  EXPECT_EQ(note.head.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(net_.fetch("/index.html").body, "<h1>index</h1>");
  EXPECT_EQ(net_.fetch("/alias.txt").body, "a note");  // a symlink inside the root is fine
  EXPECT_EQ(net_.fetch("/docs/").head.status, 404);    // no index.html there
}

TEST_F(ServerTest, NothingOutsideTheRootIsReachable) {
  for (const char* target :
       {"/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/leak.txt",
        "/up/secret.txt", "/docs%2f..%2f..%2fsecret.txt", "http://x/../secret.txt"}) {
    const ClientResponse r = net_.fetch(target);
    EXPECT_EQ(r.head.status, 404) << target;
    EXPECT_EQ(r.body.find("do not serve"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, MalformedRequestsGetTheirStatusAndTheConnectionIsClosed) {
  const struct {
    std::string request;
    int status;
  } table[] = {
      {"GET / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n  folded\r\n\r\n", 400},
      {"GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414},
      {"GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(70000, 'v') + "\r\n\r\n", 431},
      {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n", 413},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: br\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: br, chunked\r\n\r\n", 501},
      {"DELETE / HTTP/1.1\r\nHost: h\r\n\r\n", 405},
      {"FROB / HTTP/1.1\r\nHost: h\r\n\r\n", 501},
      {"GET /nothing-here HTTP/1.1\r\nHost: h\r\n\r\n", 404},
      {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400},  // TLS on port 80
  };
  for (const auto& row : table) {
    const std::string text =
        net_.exchange_raw(row.request + "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    const auto rs = responses_in(text);
    ASSERT_FALSE(rs.empty()) << row.request.substr(0, 60);
    EXPECT_EQ(rs[0].first, row.status) << row.request.substr(0, 60);
    // Unparseable requests end the connection (nothing after them is answered); well-formed
    // ones the server refuses leave it open for the next request.
    const bool parsed = row.request.starts_with("DELETE") || row.request.starts_with("FROB") ||
                        row.request.starts_with("GET /nothing");
    EXPECT_EQ(rs.size(), parsed ? 2u : 1u) << row.request.substr(0, 60);
    EXPECT_TRUE(net_.raw.eof) << row.request.substr(0, 60);
  }
  net_.topo.sim().run_for(Duration::seconds(10));
  EXPECT_EQ(net_.server.connections(), 0u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  std::string requests;
  for (const char* t : {"/docs/note.txt", "/missing", "/index.html", "/"}) {
    requests += std::string("GET ") + t + " HTTP/1.1\r\nHost: h\r\n\r\n";
  }
  requests += "GET /alias.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  const auto rs = responses_in(net_.exchange_raw(requests));
  ASSERT_EQ(rs.size(), 5u);
  EXPECT_EQ(rs[0], (std::pair<int, std::string>{200, "a note"}));
  EXPECT_EQ(rs[1].first, 404);
  EXPECT_EQ(rs[2], (std::pair<int, std::string>{200, "<h1>index</h1>"}));
  EXPECT_EQ(rs[3].second, search_home_page());
  EXPECT_EQ(rs[4], (std::pair<int, std::string>{200, "a note"}));
  EXPECT_EQ(net_.server.counters().connections_accepted, 1u);
}

TEST_F(ServerTest, RequestBodiesAreSkippedSoTheNextRequestIsFound) {
  const std::string text = net_.exchange_raw(
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nGET /"
      "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
      "GET /docs/note.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  const auto rs = responses_in(text);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].first, 405);
  EXPECT_EQ(rs[1].first, 405);
  EXPECT_EQ(rs[2], (std::pair<int, std::string>{200, "a note"}));
}

TEST_F(ServerTest, Http10IsAnsweredAndClosedUnlessKeepAlive) {
  std::string text = net_.exchange_raw("GET /docs/note.txt HTTP/1.0\r\n\r\n");
  EXPECT_NE(text.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(text.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(net_.raw.eof);
  text = net_.exchange_raw(
      "GET /docs/note.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
      "GET /index.html HTTP/1.0\r\n\r\n");
  const auto rs = responses_in(text);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_NE(text.find("Connection: keep-alive"), std::string::npos);
}

TEST_F(ServerTest, IdleConnectionsAreClosedAfterTheIdleTimeout) {
  net_.raw.connect(net_.now(), kServerIp, "");
  net_.topo.sim().run_for(Duration::seconds(30));
  EXPECT_EQ(net_.server.connections(), 1u);
  EXPECT_FALSE(net_.raw.eof);
  net_.topo.sim().run_for(Duration::seconds(31));
  EXPECT_TRUE(net_.raw.eof);
  EXPECT_EQ(net_.server.counters().idle_timeouts, 1u);
  net_.topo.sim().run_for(Duration::seconds(1));
  EXPECT_EQ(net_.server.connections(), 0u);
}

TEST_F(ServerTest, ARequestTrickledTooSlowlyIsAnswered408) {
  // One byte every 20 s keeps the connection from idling out, but not the request from aging.
  net_.raw.connect(net_.now(), kServerIp, "G");
  const std::string rest = "ET / HTTP/1.1\r\nHost: h\r\n\r\n";
  for (std::size_t i = 0; i < rest.size() && !net_.raw.eof; ++i) {
    net_.topo.sim().run_for(Duration::seconds(20));
    net_.raw.to_send += rest[i];
    net_.raw.poll(net_.now());
  }
  net_.topo.sim().run_for(Duration::seconds(10));
  EXPECT_TRUE(net_.raw.eof);
  EXPECT_TRUE(net_.raw.received.starts_with("HTTP/1.1 408 Request Timeout\r\n"))
      << net_.raw.received;
  EXPECT_EQ(net_.server.counters().request_timeouts, 1u);
}

TEST_F(ServerTest, APeerThatNeverReadsCannotGrowTheServersMemory) {
  std::string data(1024 * 1024, 'x');
  write(root_ / "big.bin", data);
  std::string requests;
  for (int i = 0; i < 2000; ++i) requests += "GET /big.bin HTTP/1.1\r\nHost: h\r\n\r\n";
  net_.raw.reading = false;
  net_.raw.connect(net_.now(), kServerIp, requests);
  net_.topo.sim().run_for(Duration::seconds(20));
  // The TCP windows fill, the server stops taking requests: a handful answered, not 2000.
  EXPECT_LT(net_.server.counters().requests, 4u);
  EXPECT_EQ(net_.server.connections(), 1u);
}

}  // namespace
}  // namespace ws::http
