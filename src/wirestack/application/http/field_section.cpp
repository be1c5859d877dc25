#include "wirestack/application/http/field_section.h"

#include "wirestack/application/http/syntax.h"

namespace ws::http {

ParseError parse_field_line(std::string_view line, Headers& out) {
  // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected with 400.
  if (line.front() == ' ' || line.front() == '\t') return ParseError::kObsFold;
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return ParseError::kBadFieldLine;
  const std::string_view name = line.substr(0, colon);
  // RFC 9112 §5.1: no whitespace between the field name and the colon.
  if (name.back() == ' ' || name.back() == '\t') return ParseError::kSpaceBeforeColon;
  if (!is_token(name)) return ParseError::kBadFieldLine;
  const std::string_view value = trim_ows(line.substr(colon + 1));
  if (!is_field_value(value)) return ParseError::kBadFieldLine;
  out.add(name, value);
  return ParseError::kNone;
}

FieldSectionReader::Step FieldSectionReader::feed(Bytes data, Headers& out, const Limits& limits) {
  std::size_t used = 0;
  while (used < data.size()) {
    const std::size_t budget = limits.field_section + 2 - bytes_;  // + the final CRLF
    const LineReader::Step step = lines_.feed(data.subspan(used), budget);
    used += step.consumed;
    bytes_ += step.consumed;
    switch (step.status) {
      case LineReader::Status::kNeedMore:
        return {used, false, ParseError::kNone};
      case LineReader::Status::kTooLong:
        return {used, false, ParseError::kFieldsTooLarge};
      case LineReader::Status::kBareCr:
        return {used, false, ParseError::kBareCr};
      case LineReader::Status::kLine:
        break;
    }
    const std::string_view line = lines_.line();
    if (line.empty()) return {used, true, ParseError::kNone};
    if (out.size() >= limits.fields) return {used, false, ParseError::kTooManyFields};
    if (const ParseError e = parse_field_line(line, out); e != ParseError::kNone) {
      return {used, false, e};
    }
  }
  return {used, false, ParseError::kNone};
}

}  // namespace ws::http
