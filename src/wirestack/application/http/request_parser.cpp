#include "wirestack/application/http/request_parser.h"

#include "wirestack/application/http/framing.h"
#include "wirestack/application/http/start_line.h"

namespace ws::http {

ParseError RequestParser::parse_start(std::string_view line) {
  return parse_request_line(line, head_);
}

Result<Framing, ParseError> RequestParser::framing() {
  // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host field, or
  // with more than one.
  const std::size_t hosts = head_.headers.count("Host");
  if (hosts > 1) return Err(ParseError::kDuplicateHost);
  if (hosts == 0 && head_.version.at_least_1_1()) return Err(ParseError::kMissingHost);
  return request_framing(head_);
}

}  // namespace ws::http
