#include "wirestack/application/http/body_decoder.h"

#include <algorithm>
#include <cctype>

#include "wirestack/application/http/syntax.h"

namespace ws::http {

void BodyDecoder::start(Framing framing) {
  received_ = 0;
  lines_.reset();
  trailers_.reset();
  switch (framing.kind) {
    case Framing::Kind::kNone:
      state_ = State::kDone;
      break;
    case Framing::Kind::kLength:
      remaining_ = framing.length;
      state_ = remaining_ == 0 ? State::kDone : State::kLength;
      break;
    case Framing::Kind::kChunked:
      state_ = State::kSizeLine;
      break;
    case Framing::Kind::kUntilClose:
      state_ = State::kUntilClose;
      break;
  }
}

BodyDecoder::Step BodyDecoder::feed(Bytes data, Headers& trailers, const Limits& limits) {
  switch (state_) {
    case State::kDone:
      return {};
    case State::kLength:
    case State::kData: {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size()));
      remaining_ -= n;
      received_ += n;
      if (remaining_ == 0) state_ = state_ == State::kLength ? State::kDone : State::kDataEnd;
      return {n, data.first(n), ParseError::kNone};
    }
    case State::kUntilClose: {
      received_ += data.size();
      if (received_ > limits.content) return {data.size(), {}, ParseError::kContentTooLarge};
      return {data.size(), data, ParseError::kNone};
    }
    case State::kSizeLine:
      return size_line(data, limits);
    case State::kDataEnd: {
      // RFC 9112 §7.1: chunk-data is followed by CRLF, nothing else.
      const LineReader::Step step = lines_.feed(data, 2);
      if (step.status == LineReader::Status::kNeedMore) return {step.consumed, {}, {}};
      if (step.status != LineReader::Status::kLine || !lines_.line().empty()) {
        return {step.consumed, {}, ParseError::kBadChunk};
      }
      state_ = State::kSizeLine;
      return {step.consumed, {}, {}};
    }
    case State::kTrailers: {
      const FieldSectionReader::Step step = trailers_.feed(data, trailers, limits);
      if (step.done) state_ = State::kDone;
      return {step.consumed, {}, step.error};
    }
  }
  return {};
}

// RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF; the last chunk has size 0.
BodyDecoder::Step BodyDecoder::size_line(Bytes data, const Limits& limits) {
  const LineReader::Step step = lines_.feed(data, limits.chunk_line);
  switch (step.status) {
    case LineReader::Status::kNeedMore:
      return {step.consumed, {}, {}};
    case LineReader::Status::kTooLong:
    case LineReader::Status::kBareCr:
      return {step.consumed, {}, ParseError::kBadChunk};
    case LineReader::Status::kLine:
      break;
  }
  const std::string_view line = lines_.line();
  std::size_t digits = 0;
  while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  // Extensions are ignored (RFC 9112 §7.1.1) but must be well-formed enough to skip.
  const std::string_view ext = trim_ows(line.substr(digits));
  if (!ext.empty() && (ext.front() != ';' || !is_field_value(ext))) {
    return {step.consumed, {}, ParseError::kBadChunk};
  }
  const auto size = parse_hex(line.substr(0, digits), std::uint64_t{1} << 60);
  if (!size) return {step.consumed, {}, ParseError::kBadChunk};
  if (*size > limits.content - std::min(received_, limits.content)) {
    return {step.consumed, {}, ParseError::kContentTooLarge};
  }
  remaining_ = *size;
  state_ = *size == 0 ? State::kTrailers : State::kData;
  return {step.consumed, {}, {}};
}

ParseError BodyDecoder::finish() {
  if (state_ == State::kUntilClose) state_ = State::kDone;
  return state_ == State::kDone ? ParseError::kNone : ParseError::kTruncated;
}

}  // namespace ws::http
