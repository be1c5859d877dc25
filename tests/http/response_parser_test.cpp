// The response parser: status lines, how the request method and status decide the body
// (RFC 9112 §6.3), bodies delimited by the close, interim responses.
#include "wirestack/application/http/response_parser.h"

#include <gtest/gtest.h>

#include "http/parse_helpers.h"

namespace ws::http {
namespace {

TEST(ResponseParser, ParsesStatusLineFieldsAndContentLengthBody) {
  ResponseParser p;
  const Parsed r = feed_all(p, "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(p.head().status, 404);
  EXPECT_EQ(p.head().reason, "Not Found");
  EXPECT_EQ(r.content, "nope");
  EXPECT_TRUE(p.keep_alive());
}

TEST(ResponseParser, ReasonPhraseMayBeEmptyOrMissing) {
  ResponseParser empty;
  feed_all(empty, "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(empty.complete());
  EXPECT_EQ(empty.head().reason, "");
  ResponseParser missing;
  feed_all(missing, "HTTP/1.1 204\r\n\r\n");
  EXPECT_TRUE(missing.complete()) << to_string(missing.error());
  EXPECT_EQ(missing.head().status, 204);
}

TEST(ResponseParser, MalformedStatusLinesFail) {
  const char* bad[] = {
      "HTTP/1.1 20 OK\r\n\r\n",      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",     "HTTP/1.1\r\n\r\n",
      "HTTPS/1.1 200 OK\r\n\r\n",    "HTTP/1.1 099 Low\r\n\r\n",
      "HTTP/1.1 200 O\x01K\r\n\r\n",
  };
  for (const char* text : bad) {
    ResponseParser p;
    feed_all(p, text);
    EXPECT_TRUE(p.failed()) << text;
  }
  ResponseParser v2;
  feed_all(v2, "HTTP/2.0 200 OK\r\n\r\n");
  EXPECT_EQ(v2.error(), ParseError::kUnsupportedVersion);
}

TEST(ResponseParser, ResponseToHeadHasNoBodyDespiteContentLength) {
  ResponseParser p;
  p.expect("HEAD");
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
  const Parsed r = feed_all(p, text + "HTTP/1.1 ...");
  ASSERT_TRUE(p.complete());
  EXPECT_EQ(r.consumed, text.size());
  EXPECT_TRUE(r.content.empty());
}

TEST(ResponseParser, NoContentAndNotModifiedHaveNoBody) {
  for (const char* line : {"HTTP/1.1 204 No Content\r\n", "HTTP/1.1 304 Not Modified\r\n"}) {
    ResponseParser p;
    feed_all(p, std::string(line) + "Content-Length: 5\r\n\r\n");
    EXPECT_TRUE(p.complete()) << line;
  }
}

TEST(ResponseParser, BodyWithoutLengthRunsUntilTheCloseAndEndsKeepAlive) {
  ResponseParser p;
  const Parsed r = feed_all(p, "HTTP/1.1 200 OK\r\n\r\nall of this");
  EXPECT_FALSE(p.complete());
  EXPECT_EQ(r.content, "all of this");
  EXPECT_EQ(p.finish(), ParseError::kNone);
  EXPECT_TRUE(p.complete());
  EXPECT_FALSE(p.keep_alive());
}

TEST(ResponseParser, ChunkedResponseWithTrailers) {
  ResponseParser p;
  const Parsed r = feed_all(p,
                            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "4\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n");
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.content, "Wikipedia");
  EXPECT_EQ(p.trailers().get("Expires"), "never");
}

TEST(ResponseParser, TransferEncodingOverridesContentLength) {
  ResponseParser p;
  const Parsed r = feed_all(p,
                            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: "
                            "chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.content, "ok");
}

TEST(ResponseParser, TruncatedLengthBodyIsAnError) {
  ResponseParser p;
  feed_all(p, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
  EXPECT_EQ(p.finish(), ParseError::kTruncated);
}

TEST(ResponseParser, Http10ResponseClosesUnlessKeepAlive) {
  ResponseParser p;
  feed_all(p, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(p.complete());
  EXPECT_FALSE(p.keep_alive());
}

}  // namespace
}  // namespace ws::http
