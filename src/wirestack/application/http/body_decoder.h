// Message body framing (RFC 9112 §6, §7.1): a Content-Length body, a chunked body with its
// trailer section, or a body delimited by the end of the connection. Bytes arrive in any split;
// content is handed out as views of the input (never copied).
#pragma once

#include <cstddef>
#include <cstdint>

#include "wirestack/application/http/field_section.h"
#include "wirestack/application/http/headers.h"
#include "wirestack/application/http/limits.h"
#include "wirestack/application/http/line_reader.h"
#include "wirestack/application/http/parse_error.h"
#include "wirestack/base/bytes.h"

namespace ws::http {

// How a message's body is delimited (RFC 9112 §6.3).
struct Framing {
  enum class Kind : std::uint8_t { kNone, kLength, kChunked, kUntilClose };
  Kind kind = Kind::kNone;
  std::uint64_t length = 0;  // kLength only
};

class BodyDecoder {
 public:
  struct Step {
    std::size_t consumed = 0;
    Bytes content;  // content decoded from the consumed bytes (a view of the input)
    ParseError error = ParseError::kNone;
  };

  void start(Framing framing);
  // Consumes framing and at most one run of content; call again with the rest.
  Step feed(Bytes data, Headers& trailers, const Limits& limits);
  // The connection ended: completes a body delimited by it, else reports truncation.
  ParseError finish();
  bool done() const { return state_ == State::kDone; }
  std::uint64_t content_received() const { return received_; }

 private:
  enum class State : std::uint8_t {
    kLength,
    kUntilClose,
    kSizeLine,
    kData,
    kDataEnd,
    kTrailers,
    kDone
  };
  Step size_line(Bytes data, const Limits& limits);

  State state_ = State::kDone;
  std::uint64_t remaining_ = 0;  // of the Content-Length body, or of the current chunk
  std::uint64_t received_ = 0;
  LineReader lines_;
  FieldSectionReader trailers_;
};

}  // namespace ws::http
