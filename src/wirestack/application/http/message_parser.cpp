#include "wirestack/application/http/message_parser.h"

namespace ws::http {

MessageParser::Step MessageParser::fail(std::size_t consumed, ParseError error) {
  phase_ = Phase::kFailed;
  error_ = error;
  return {consumed, {}};
}

MessageParser::Step MessageParser::feed(Bytes data) {
  std::size_t used = 0;
  if (!data.empty()) started_ = true;
  while (phase_ == Phase::kStartLine && used < data.size()) {
    const LineReader::Step step = lines_.feed(data.subspan(used), limits_.start_line);
    used += step.consumed;
    switch (step.status) {
      case LineReader::Status::kNeedMore:
        return {used, {}};
      case LineReader::Status::kTooLong:
        return fail(used, ParseError::kStartLineTooLong);
      case LineReader::Status::kBareCr:
        return fail(used, ParseError::kBareCr);
      case LineReader::Status::kLine:
        break;
    }
    if (lines_.line().empty() && skips_leading_empty_lines() &&
        ++empty_lines_ <= limits_.empty_lines_before) {
      continue;
    }
    if (const ParseError e = parse_start(lines_.line()); e != ParseError::kNone) {
      return fail(used, e);
    }
    phase_ = Phase::kFields;
  }
  if (phase_ == Phase::kFields && used < data.size()) {
    const FieldSectionReader::Step step = section_.feed(data.subspan(used), fields(), limits_);
    used += step.consumed;
    if (step.error != ParseError::kNone) return fail(used, step.error);
    if (!step.done) return {used, {}};
    auto framing_or = framing();
    if (!framing_or) return fail(used, framing_or.error());
    if (framing_or->kind == Framing::Kind::kLength && framing_or->length > limits_.content) {
      return fail(used, ParseError::kContentTooLarge);  // refused before any content arrives
    }
    body_.start(*framing_or);
    phase_ = body_.done() ? Phase::kComplete : Phase::kBody;
    // The head is returned alone, so the caller can act on it before any content.
    return {used, {}};
  }
  if (phase_ == Phase::kBody && used < data.size()) {
    const BodyDecoder::Step step = body_.feed(data.subspan(used), trailers_, limits_);
    used += step.consumed;
    if (step.error != ParseError::kNone) return fail(used, step.error);
    if (body_.done()) phase_ = Phase::kComplete;
    return {used, step.content};
  }
  return {used, {}};
}

ParseError MessageParser::finish() {
  if (phase_ == Phase::kComplete || phase_ == Phase::kFailed || idle()) return error_;
  if (phase_ == Phase::kBody && body_.finish() == ParseError::kNone) {
    phase_ = Phase::kComplete;
    return ParseError::kNone;
  }
  fail(0, ParseError::kTruncated);
  return error_;
}

void MessageParser::reset() {
  phase_ = Phase::kStartLine;
  error_ = ParseError::kNone;
  started_ = false;
  empty_lines_ = 0;
  lines_.reset();
  section_.reset();
  body_.start({});
  trailers_.clear();
  clear_head();
}

}  // namespace ws::http
