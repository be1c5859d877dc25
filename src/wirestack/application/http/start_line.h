// The first line of a message: request-line (RFC 9112 §3) and status-line (RFC 9112 §4).
#pragma once

#include <string_view>

#include "wirestack/application/http/message.h"
#include "wirestack/application/http/parse_error.h"

namespace ws::http {

// "HTTP/1.1" -> {1, 1}. kBadVersion when malformed, kUnsupportedVersion when the major is not 1.
ParseError parse_version(std::string_view text, Version& out);
// "GET /index.html HTTP/1.1": method SP request-target SP HTTP-version, single spaces.
ParseError parse_request_line(std::string_view line, RequestHead& out);
// "HTTP/1.1 200 OK": HTTP-version SP 3DIGIT SP [ reason-phrase ].
ParseError parse_status_line(std::string_view line, ResponseHead& out);

}  // namespace ws::http
