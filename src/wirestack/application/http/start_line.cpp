#include "wirestack/application/http/start_line.h"

#include "wirestack/application/http/syntax.h"

namespace ws::http {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

// RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT (case-sensitive).
ParseError parse_version(std::string_view text, Version& out) {
  if (text.size() != 8 || text.substr(0, 5) != "HTTP/" || !is_digit(text[5]) || text[6] != '.' ||
      !is_digit(text[7])) {
    return ParseError::kBadVersion;
  }
  out.major = static_cast<std::uint8_t>(text[5] - '0');
  out.minor = static_cast<std::uint8_t>(text[7] - '0');
  return out.major == 1 ? ParseError::kNone : ParseError::kUnsupportedVersion;
}

ParseError parse_request_line(std::string_view line, RequestHead& out) {
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return ParseError::kBadStartLine;
  // The version has no spaces: a space inside the target is then caught as a bad target.
  const std::size_t sp2 = line.rfind(' ');
  if (sp2 == sp1) return ParseError::kBadStartLine;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method) || !is_target(target)) return ParseError::kBadStartLine;
  if (const ParseError e = parse_version(version, out.version); e != ParseError::kNone) return e;
  out.method.assign(method);
  out.target.assign(target);
  return ParseError::kNone;
}

ParseError parse_status_line(std::string_view line, ResponseHead& out) {
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return ParseError::kBadStartLine;
  if (const ParseError e = parse_version(line.substr(0, sp), out.version); e != ParseError::kNone) {
    return e;
  }
  const std::string_view rest = line.substr(sp + 1);
  if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2])) {
    return ParseError::kBadStartLine;
  }
  // A missing reason (no SP after the code) is accepted, as most clients do.
  if (rest.size() > 3 && rest[3] != ' ') return ParseError::kBadStartLine;
  const std::string_view reason = rest.size() > 3 ? rest.substr(4) : std::string_view();
  if (!is_reason_phrase(reason)) return ParseError::kBadStartLine;
  out.status =
      static_cast<std::uint16_t>((rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0'));
  if (out.status < 100) return ParseError::kBadStartLine;
  out.reason.assign(reason);
  return ParseError::kNone;
}

}  // namespace ws::http
