// Random and mutated input never crashes a parser, parses the same in any split, and is bounded
// by the limits however long it goes on; random bytes at the server leave nothing behind.
#include <gtest/gtest.h>

#include "http/parse_helpers.h"
#include "http/web_net.h"
#include "wirestack/application/http/request_parser.h"
#include "wirestack/application/http/response_parser.h"

namespace ws::http {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr int kCases = 400;  // fewer under the sanitizers, which are ~20x slower
#else
constexpr int kCases = 4000;
#endif

const char* const kSeeds[] = {
    "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
    "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: "
    "v\r\n\r\n",
    "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
};

// A valid message with a few bytes changed, inserted or removed, favouring the characters the
// grammar turns on.
std::string mutate(Rng& rng, std::string s) {
  static constexpr char kInteresting[] = {'\r', '\n',   ' ', '\t', ':', ';', '0',   'f',
                                          '\0', '\x80', ',', '"',  '/', 'H', '\x7f'};
  const int edits = 1 + static_cast<int>(rng.below(4));
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const std::size_t at = rng.below(s.size());
    const char c = rng.chance(0.7) ? kInteresting[rng.below(sizeof kInteresting)]
                                   : static_cast<char>(rng.next_u32());
    switch (rng.below(3)) {
      case 0:
        s[at] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<long>(at), c);
        break;
      default:
        s.erase(at, 1);
        break;
    }
  }
  return s;
}

// What a parse came to, for comparing two feeds of the same bytes.
template <class Parser>
std::string outcome(const Parser& p, const Parsed& r) {
  std::string s = std::to_string(static_cast<int>(p.phase())) + "/" + to_string(p.error()) + "/" +
                  std::to_string(r.consumed) + "/" + r.content;
  if (p.head_complete()) {
    for (std::size_t i = 0; i < p.head().headers.size(); ++i) {
      s += "|" + std::string(p.head().headers[i].name) + "=" +
           std::string(p.head().headers[i].value);
    }
  }
  return s;
}

template <class Parser>
void check_split_invariance(Rng& rng, const std::string& text) {
  Parser whole;
  const Parsed a = feed_all(whole, text);
  ASSERT_LE(a.consumed, text.size());
  Parser split;
  std::vector<std::string_view> pieces;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t n = 1 + rng.below(8);
    pieces.push_back(std::string_view(text).substr(at, n));
    at += n;
  }
  const Parsed b = feed_pieces(split, pieces);
  EXPECT_EQ(outcome(whole, a), outcome(split, b)) << testing::PrintToString(text);
}

TEST(HttpFuzz, MutatedRequestsParseTheSameWholeOrInRandomPieces) {
  Rng rng(2024);
  for (int i = 0; i < kCases; ++i) {
    const std::string text = mutate(rng, kSeeds[rng.below(4)]);
    check_split_invariance<RequestParser>(rng, text);
  }
}

TEST(HttpFuzz, MutatedResponsesParseTheSameWholeOrInRandomPieces) {
  Rng rng(2025);
  for (int i = 0; i < kCases; ++i) {
    const std::string text = mutate(rng, kSeeds[4 + rng.below(2)]);
    check_split_invariance<ResponseParser>(rng, text);
  }
}

TEST(HttpFuzz, RandomBytesNeverCrashAParser) {
  Rng rng(7);
  for (int i = 0; i < kCases; ++i) {
    std::string text(rng.below(300), '\0');
    for (char& c : text) c = static_cast<char>(rng.next_u32());
    RequestParser req;
    ResponseParser resp;
    EXPECT_LE(feed_all(req, text).consumed, text.size());
    EXPECT_LE(feed_all(resp, text).consumed, text.size());
    (void)req.finish();
    (void)resp.finish();
  }
}

// Endless input of each kind stops at its limit, having taken no more than the limit allows.
TEST(HttpFuzz, EndlessInputStopsAtTheLimits) {
  const Limits l;
  const std::string block(4096, 'a');
  struct Endless {
    const char* name;
    std::string prefix;
    std::string repeat;
    ParseError error;
    std::size_t most;
  } cases[] = {
      {"start line", "GET /", block, ParseError::kStartLineTooLong, l.start_line + 5},
      {"one field", "GET / HTTP/1.1\r\nX: ", block, ParseError::kFieldsTooLarge,
       16 + l.field_section + 2},
      {"many fields", "GET / HTTP/1.1\r\n", "X: y\r\n", ParseError::kTooManyFields,
       16 + 6 * (l.fields + 1)},
      {"chunks", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
       "1000\r\n" + block + "\r\n", ParseError::kContentTooLarge, 200 + l.content + 10 * 256},
      {"empty lines", "", "\r\n", ParseError::kBadStartLine, 2 * (l.empty_lines_before + 1)},
  };
  for (const Endless& e : cases) {
    RequestParser p;
    std::size_t fed = feed_all(p, e.prefix).consumed;
    for (int i = 0; i < 100000 && !p.failed(); ++i) fed += feed_all(p, e.repeat).consumed;
    EXPECT_TRUE(p.failed()) << e.name;
    EXPECT_EQ(p.error(), e.error) << e.name << ": " << to_string(p.error());
    EXPECT_LE(fed, e.most) << e.name;
  }
}

TEST(HttpFuzz, GarbageConnectionsToTheServerAllEndAndLeaveNoState) {
  WebNet net(31);
  net.server.site().add_page("/", "text/plain", "ok");
  ASSERT_TRUE(net.server.start().ok());
  Rng rng(8);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 40; ++i) {
    auto c = std::make_unique<RawClient>(net.client_tcp);
    std::string junk = i % 2 == 0 ? mutate(rng, kSeeds[rng.below(4)]) : std::string();
    for (std::size_t n = rng.below(3000); n > 0; --n) junk += static_cast<char>(rng.next_u32());
    c->connect(net.now(), kServerIp, junk);
    net.topo.node(net.client_host).add_app(*c);
    clients.push_back(std::move(c));
  }
  net.topo.sim().run_for(Duration::seconds(200));  // past the idle timeout and the linger
  EXPECT_EQ(net.server.connections(), 0u);
  EXPECT_EQ(net.server_tcp.connection_count(), 0u);
  for (const auto& c : clients) EXPECT_TRUE(c->eof);
}

}  // namespace
}  // namespace ws::http
