// The small grammars: tokens, field values, lists, numbers, URLs, target paths, media types.
#include "wirestack/application/http/syntax.h"

#include <gtest/gtest.h>

#include "wirestack/application/http/content_type.h"
#include "wirestack/application/http/serializer.h"
#include "wirestack/application/http/status.h"
#include "wirestack/application/http/target_path.h"
#include "wirestack/application/http/url.h"

namespace ws::http {
namespace {

TEST(HttpSyntax, TokensAndFieldValues) {
  EXPECT_TRUE(is_token("GET"));
  EXPECT_TRUE(is_token("X-Custom_Field.1~"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("a b"));
  EXPECT_FALSE(is_token("a:b"));
  EXPECT_TRUE(is_field_value("text/html; q=0.9"));
  EXPECT_TRUE(is_field_value("caf\xc3\xa9"));
  EXPECT_FALSE(is_field_value("a\rb"));
  EXPECT_FALSE(is_field_value(std::string_view("a\0b", 3)));
  EXPECT_FALSE(is_field_value("a\x7f"));
}

TEST(HttpSyntax, ListsAndNumbers) {
  EXPECT_TRUE(list_contains("keep-alive, Upgrade", "upgrade"));
  EXPECT_FALSE(list_contains("closed", "close"));
  EXPECT_EQ(list_last("gzip ,  chunked "), "chunked");
  EXPECT_EQ(parse_decimal("0042", 100), 42u);
  EXPECT_FALSE(parse_decimal("101", 100));
  EXPECT_FALSE(parse_decimal("+1", 100));
  EXPECT_FALSE(parse_decimal("18446744073709551616", UINT64_MAX));
  EXPECT_EQ(parse_hex("fF", 1000), 255u);
  EXPECT_FALSE(parse_hex("g", 1000));
}

TEST(HttpSyntax, StatusPhrasesAndBodilessCodes) {
  EXPECT_STREQ(reason_phrase(200), "OK");
  EXPECT_STREQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_STREQ(reason_phrase(799), "Unknown");
  EXPECT_TRUE(status_has_no_content(204));
  EXPECT_TRUE(status_has_no_content(100));
  EXPECT_FALSE(status_has_no_content(200));
}

TEST(HttpSyntax, UrlsSplitIntoHostPortAndTarget) {
  auto u = parse_url("http://WWW.Google.com/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "www.google.com");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->authority(), "www.google.com");
  auto p = parse_url("example.test:8080/a/b?c=d#frag");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->target, "/a/b?c=d");
  EXPECT_EQ(p->authority(), "example.test:8080");
  EXPECT_EQ(parse_url("http://h?x")->target, "/?x");
  EXPECT_FALSE(parse_url("https://secure.test/"));
  EXPECT_FALSE(parse_url("http://h:0/"));
  EXPECT_FALSE(parse_url("http://h:70000/"));
  EXPECT_FALSE(parse_url("http://user@h/"));
  EXPECT_FALSE(parse_url("http:///"));
}

TEST(HttpSyntax, TargetPathsRefuseEscapes) {
  EXPECT_EQ(decode_target_path("/a/b.html?x=1"), "/a/b.html");
  EXPECT_EQ(decode_target_path("/a%20b"), "/a b");
  EXPECT_EQ(decode_target_path("//a///b"), "/a/b");
  EXPECT_EQ(decode_target_path("http://host.test/x"), "/x");
  EXPECT_EQ(decode_target_path("http://host.test"), "/");
  for (const char* bad :
       {"/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/a/%2E%2E", "/./a", "/a%2fb", "/a%00",
        "/a%5c..", "/%zz", "/%4", "*", "host:80", "relative"}) {
    EXPECT_FALSE(decode_target_path(bad)) << bad;
  }
}

TEST(HttpSyntax, ContentTypesByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/x/y/logo.PNG"), "image/png");
  EXPECT_EQ(content_type_for("archive.tar.gz"), "application/gzip");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
  EXPECT_EQ(content_type_for(".hidden"), "application/octet-stream");
}

TEST(HttpSyntax, SerializedMessagesParseBack) {
  ResponseHead head;
  head.status = 200;
  head.headers.add("Content-Length", "0");
  std::string out;
  append_response_head(out, head);
  EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  std::string chunks;
  append_chunk(chunks, "hello world, this is 31 bytes!!");
  append_chunk(chunks, "");
  append_last_chunk(chunks);
  EXPECT_EQ(chunks, "1f\r\nhello world, this is 31 bytes!!\r\n0\r\n\r\n");
}

}  // namespace
}  // namespace ws::http
