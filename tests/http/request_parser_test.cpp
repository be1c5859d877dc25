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

namespace ws::http {
namespace {

struct BadRequest {
  const char* name;
  std::string text;
  ParseError error;
  std::uint16_t status;
};

std::string with_fields(int n) {
  std::string s = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 1; i < n; ++i) s += "X-F" + std::to_string(i) + ": v\r\n";
  return s + "\r\n";
}

std::vector<BadRequest> bad_requests() {
  const Limits l;
  return {
      {"no spaces", "GET\r\n\r\n", ParseError::kBadStartLine, 400},
      {"double space", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", ParseError::kBadStartLine, 400},
      {"method not a token", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", ParseError::kBadStartLine, 400},
      {"space in target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", ParseError::kBadStartLine, 400},
      {"control in target", "GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n", ParseError::kBadStartLine,
       400},
      {"lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", ParseError::kBadVersion, 400},
      {"two-digit version", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", ParseError::kBadVersion, 400},
      {"HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", ParseError::kUnsupportedVersion, 505},
      {"HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", ParseError::kUnsupportedVersion, 505},
      {"request line too long", "GET /" + std::string(l.start_line, 'a') + " HTTP/1.1\r\n\r\n",
       ParseError::kStartLineTooLong, 414},
      {"no colon", "GET / HTTP/1.1\r\nHost h\r\n\r\n", ParseError::kBadFieldLine, 400},
      {"empty name", "GET / HTTP/1.1\r\n: v\r\nHost: h\r\n\r\n", ParseError::kBadFieldLine, 400},
      {"name not a token", "GET / HTTP/1.1\r\nHo st: h\r\n\r\n", ParseError::kBadFieldLine, 400},
      {"space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", ParseError::kSpaceBeforeColon,
       400},
      {"NUL in value", std::string("GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n", 35),
       ParseError::kBadFieldLine, 400},
      {"bare CR in value", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", ParseError::kBareCr, 400},
      {"obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", ParseError::kObsFold, 400},
      {"whitespace after start line", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", ParseError::kObsFold,
       400},
      {"fields over 64 KiB",
       "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(l.field_section, 'v') + "\r\n\r\n",
       ParseError::kFieldsTooLarge, 431},
      {"101 fields", with_fields(101), ParseError::kTooManyFields, 431},
      {"HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", ParseError::kMissingHost, 400},
      {"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ParseError::kDuplicateHost,
       400},
      {"Content-Length not a number", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n",
       ParseError::kBadContentLength, 400},
      {"negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
       ParseError::kBadContentLength, 400},
      {"conflicting Content-Lengths",
       "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       ParseError::kBadContentLength, 400},
      {"Content-Length overflow",
       "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       ParseError::kBadContentLength, 400},
      {"Content-Length and chunked",
       "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
       ParseError::kLengthAndChunked, 400},
      {"Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
       ParseError::kCodingInHttp10, 400},
      {"gzip then chunked",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
       ParseError::kUnsupportedCoding, 501},
      {"chunked not last", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
       ParseError::kChunkedNotFinal, 400},
      {"Content-Length over the content limit",
       "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(l.content + 1) +
           "\r\n\r\n",
       ParseError::kContentTooLarge, 413},
      {"chunk over the content limit",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n",
       ParseError::kContentTooLarge, 413},
      {"chunk size not hex",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
       ParseError::kBadChunk, 400},
      {"chunk size missing", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
       ParseError::kBadChunk, 400},
      {"chunk size overflow",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
       "fffffffffffffffffffff\r\n",
       ParseError::kBadChunk, 400},
      {"chunk data longer than its size",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
       ParseError::kBadChunk, 400},
      {"junk after chunk size",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n",
       ParseError::kBadChunk, 400},
      {"chunk line too long",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" +
           std::string(l.chunk_line, 'e') + "\r\n",
       ParseError::kBadChunk, 400},
      {"bad trailer",
       "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
       ParseError::kBadFieldLine, 400},
  };
}

TEST(RequestParser, MalformedRequestsFailWithTheirErrorAndStatus) {
  for (const BadRequest& bad : bad_requests()) {
    RequestParser p;
    feed_all(p, bad.text);
    EXPECT_TRUE(p.failed()) << bad.name;
    EXPECT_EQ(p.error(), bad.error) << bad.name << ": " << to_string(p.error());
    EXPECT_EQ(status_for(p.error()), bad.status) << bad.name;
  }
}

TEST(RequestParser, MalformedRequestsFailTheSameFedByteByByte) {
  for (const BadRequest& bad : bad_requests()) {
    RequestParser p;
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < bad.text.size(); ++i) {
      bytes.push_back(std::string_view(bad.text).substr(i, 1));
    }
    feed_pieces(p, bytes);
    EXPECT_EQ(p.error(), bad.error) << bad.name << ": " << to_string(p.error());
  }
}

TEST(RequestParser, LimitsAcceptExactlyTheirMaximum) {
  const Limits l;
  // Request line of exactly 8 KiB, CRLF included.
  const std::string prefix = "GET /";
  const std::string suffix = " HTTP/1.1\r\n";
  const std::string line =
      prefix + std::string(l.start_line - prefix.size() - suffix.size(), 'a') + suffix;
  ASSERT_EQ(line.size(), l.start_line);
  RequestParser p;
  feed_all(p, line + "Host: h\r\n\r\n");
  EXPECT_TRUE(p.complete()) << to_string(p.error());

  RequestParser hundred;
  feed_all(hundred, with_fields(100));
  EXPECT_TRUE(hundred.complete()) << to_string(hundred.error());

  // One field line that makes the section exactly 64 KiB.
  const std::string host = "Host: h\r\n";
  const std::string big = "X: " + std::string(l.field_section - host.size() - 5, 'v') + "\r\n";
  ASSERT_EQ(host.size() + big.size(), l.field_section);
  RequestParser full;
  feed_all(full, "GET / HTTP/1.1\r\n" + host + big + "\r\n");
  EXPECT_TRUE(full.complete()) << to_string(full.error());
}

TEST(RequestParser, ContentLengthBodyAtTheLimitIsAccepted) {
  Limits l;
  l.content = 10;
  RequestParser p(l);
  const Parsed r =
      feed_all(p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789");
  EXPECT_TRUE(p.complete());
  EXPECT_EQ(r.content, "0123456789");
}

TEST(RequestParser, IdenticalContentLengthsAreOneLength) {
  RequestParser p;
  const Parsed r = feed_all(
      p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.content, "abc");
}

TEST(RequestParser, ChunkedEdgeCases) {
  struct Case {
    const char* body;
    const char* content;
  };
  const Case cases[] = {
      {"0\r\n\r\n", ""},                                   // no data at all
      {"A\r\n0123456789\r\n0\r\n\r\n", "0123456789"},      // upper-case hex
      {"00003\r\nabc\r\n0\r\n\r\n", "abc"},                // leading zeros
      {"3;name=value;x\r\nabc\r\n0;last\r\n\r\n", "abc"},  // extensions ignored
      {"3 ;x=\"q\"\r\nabc\r\n0\r\n\r\n", "abc"},           // BWS before ';'
      {"1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n", "abc"},  // many tiny chunks
      {"3\nabc\n0\n\n", "abc"},                            // bare LF line ends
  };
  for (const Case& c : cases) {
    RequestParser p;
    const Parsed r = feed_all(
        p,
        std::string("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") + c.body);
    EXPECT_TRUE(p.complete()) << c.body << ": " << to_string(p.error());
    EXPECT_EQ(r.content, c.content) << c.body;
  }
}

TEST(RequestParser, TransferEncodingIsCaseInsensitiveAndMayRepeat) {
  RequestParser p;
  const Parsed r = feed_all(p,
                            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \r\n"
                            "transfer-encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
  EXPECT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(r.content, "ok");
}

TEST(RequestParser, Http10NeedsNoHostAndClosesUnlessKeepAlive) {
  RequestParser p;
  feed_all(p, "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(p.complete());
  EXPECT_FALSE(p.keep_alive());
  RequestParser k;
  feed_all(k, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  ASSERT_TRUE(k.complete());
  EXPECT_TRUE(k.keep_alive());
}

TEST(RequestParser, ConnectionCloseInAListEndsKeepAlive) {
  RequestParser p;
  feed_all(p, "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, CLOSE\r\n\r\n");
  ASSERT_TRUE(p.complete());
  EXPECT_FALSE(p.keep_alive());
}

TEST(RequestParser, EmptyLinesBeforeTheRequestLineAreSkippedUpToTheLimit) {
  RequestParser p;
  feed_all(p, "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_TRUE(p.complete()) << to_string(p.error());
  RequestParser many;
  feed_all(many, std::string(2 * 20, '\n') + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_TRUE(many.failed());
}

TEST(RequestParser, FieldValuesAreTrimmedAndObsTextKept) {
  RequestParser p;
  feed_all(p, "GET / HTTP/1.1\r\nHost:   h  \r\nX-Latin: caf\xc3\xa9\t\r\n\r\n");
  ASSERT_TRUE(p.complete()) << to_string(p.error());
  EXPECT_EQ(p.head().headers.get("host"), "h");
  EXPECT_EQ(p.head().headers.get("x-latin"), "caf\xc3\xa9");
}

TEST(RequestParser, ConnectionEndingMidMessageIsTruncatedButBetweenMessagesIsNot) {
  RequestParser idle;
  EXPECT_EQ(idle.finish(), ParseError::kNone);
  RequestParser mid;
  feed_all(mid, "GET / HTTP/1.1\r\nHo");
  EXPECT_EQ(mid.finish(), ParseError::kTruncated);
  RequestParser body;
  feed_all(body, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab");
  EXPECT_EQ(body.finish(), ParseError::kTruncated);
}

TEST(RequestParser, ResetReusesTheParserWithoutLeftovers) {
  RequestParser p;
  feed_all(p, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\n\r\n");
  ASSERT_TRUE(p.complete());
  p.reset();
  feed_all(p, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(p.complete());
  EXPECT_EQ(p.head().headers.size(), 1u);
  EXPECT_TRUE(p.trailers().empty());
}

}  // namespace
}  // namespace ws::http
