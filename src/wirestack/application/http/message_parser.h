// The incremental parse shared by requests and responses: start line, field section, body
// (RFC 9112 §2.1). Bytes arrive in any split; one call consumes at most one message, so
// pipelined messages stay in the caller's buffer for the next. Memory is bounded by Limits.
#pragma once

#include <cstddef>
#include <string_view>

#include "wirestack/application/http/body_decoder.h"
#include "wirestack/application/http/field_section.h"
#include "wirestack/application/http/headers.h"
#include "wirestack/application/http/limits.h"
#include "wirestack/application/http/line_reader.h"
#include "wirestack/application/http/parse_error.h"
#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"

namespace ws::http {

class MessageParser {
 public:
  enum class Phase : std::uint8_t { kStartLine, kFields, kBody, kComplete, kFailed };
  struct Step {
    std::size_t consumed = 0;
    Bytes content;  // body content from the consumed bytes (a view of the input)
  };

  explicit MessageParser(const Limits& limits) : limits_(limits) {}
  virtual ~MessageParser() = default;

  // Consumes the head (in one call when it is all there) or one run of content. Stops at the
  // end of the message; after an error, consumes nothing more.
  Step feed(Bytes data);
  // The connection ended. Completes a body delimited by the close; an error otherwise, except
  // between messages (kNone, phase unchanged).
  ParseError finish();
  // Ready for the next message on the same connection (keeps buffers' capacity).
  void reset();

  Phase phase() const { return phase_; }
  bool head_complete() const { return phase_ >= Phase::kBody && phase_ != Phase::kFailed; }
  bool complete() const { return phase_ == Phase::kComplete; }
  bool failed() const { return phase_ == Phase::kFailed; }
  // Between messages: nothing of the next one read yet.
  bool idle() const { return phase_ == Phase::kStartLine && !started_; }
  ParseError error() const { return error_; }
  const Headers& trailers() const { return trailers_; }
  std::uint64_t content_received() const { return body_.content_received(); }
  const Limits& limits() const { return limits_; }

 protected:
  virtual ParseError parse_start(std::string_view line) = 0;
  virtual Headers& fields() = 0;
  // The head is complete: how its body is delimited, or why the message is refused.
  virtual Result<Framing, ParseError> framing() = 0;
  virtual void clear_head() = 0;
  // Empty lines before the start line are skipped (RFC 9112 §2.2), for requests only.
  virtual bool skips_leading_empty_lines() const = 0;

 private:
  Step fail(std::size_t consumed, ParseError error);
  void end_head();

  Limits limits_;
  Phase phase_ = Phase::kStartLine;
  ParseError error_ = ParseError::kNone;
  bool started_ = false;
  std::size_t empty_lines_ = 0;
  LineReader lines_;
  FieldSectionReader section_;
  BodyDecoder body_;
  Headers trailers_;
};

}  // namespace ws::http
