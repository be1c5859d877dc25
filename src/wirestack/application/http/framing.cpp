#include "wirestack/application/http/framing.h"

#include "wirestack/application/http/status.h"
#include "wirestack/application/http/syntax.h"

namespace ws::http {
namespace {

constexpr std::uint64_t kMaxLength = std::uint64_t{1} << 62;

// RFC 9112 §6.3 item 5 / RFC 9110 §8.6: one value, or a list of identical values.
Result<Framing, ParseError> content_length(const Headers& headers) {
  std::optional<std::uint64_t> length;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const Field f = headers[i];
    if (!iequals(f.name, "Content-Length")) continue;
    std::string_view list = f.value;
    while (true) {
      const std::size_t comma = list.find(',');
      const auto v = parse_decimal(trim_ows(list.substr(0, comma)), kMaxLength);
      if (!v || (length && *length != *v)) return Err(ParseError::kBadContentLength);
      length = v;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  if (!length) return Framing{};
  return Framing{Framing::Kind::kLength, *length};
}

// Every Transfer-Encoding field joined: is the final coding chunked, and are there others?
struct Codings {
  bool present = false;
  bool chunked_last = false;
  bool others = false;
};

Codings transfer_codings(const Headers& headers) {
  Codings c;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const Field f = headers[i];
    if (!iequals(f.name, "Transfer-Encoding")) continue;
    std::string_view list = f.value;
    while (true) {
      const std::size_t comma = list.find(',');
      const std::string_view coding = trim_ows(list.substr(0, comma));
      if (!coding.empty()) {
        if (c.chunked_last || !iequals(coding, "chunked")) c.others = true;
        c.chunked_last = iequals(coding, "chunked");
        c.present = true;
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return c;
}

}  // namespace

Result<Framing, ParseError> request_framing(const RequestHead& head) {
  const Codings codings = transfer_codings(head.headers);
  if (!codings.present) return content_length(head.headers);
  // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing; with Content-Length
  // it is a smuggling attempt as often as not.
  if (!head.version.at_least_1_1()) return Err(ParseError::kCodingInHttp10);
  if (head.headers.get("Content-Length")) return Err(ParseError::kLengthAndChunked);
  if (codings.others) {
    return Err(codings.chunked_last ? ParseError::kUnsupportedCoding
                                    : ParseError::kChunkedNotFinal);
  }
  return Framing{Framing::Kind::kChunked, 0};
}

Result<Framing, ParseError> response_framing(const ResponseHead& head,
                                             std::string_view request_method) {
  if (request_method == "HEAD" || status_has_no_content(head.status)) return Framing{};
  if (request_method == "CONNECT" && head.status / 100 == 2) return Framing{};
  const Codings codings = transfer_codings(head.headers);
  if (codings.present) {
    if (codings.others) {
      return codings.chunked_last ? Result<Framing, ParseError>(Err(ParseError::kUnsupportedCoding))
                                  : Framing{Framing::Kind::kUntilClose, 0};
    }
    return Framing{Framing::Kind::kChunked, 0};
  }
  auto length = content_length(head.headers);
  if (!length || length->kind == Framing::Kind::kLength) return length;
  return Framing{Framing::Kind::kUntilClose, 0};
}

bool keeps_alive(Version version, const Headers& headers) {
  if (headers.has_token("Connection", "close")) return false;
  return version.at_least_1_1() || headers.has_token("Connection", "keep-alive");
}

}  // namespace ws::http
