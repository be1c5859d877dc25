// Why an HTTP message could not be parsed, and the status a server answers with.
#pragma once

#include <cstdint>

namespace ws::http {

enum class ParseError : std::uint8_t {
  kNone,
  kBadStartLine,        // 400: not "method SP target SP version" / "version SP code SP reason"
  kStartLineTooLong,    // 414 (RFC 9112 §3: a target longer than we parse)
  kBadVersion,          // 400: not "HTTP/" DIGIT "." DIGIT
  kUnsupportedVersion,  // 505: a major version other than 1
  kBadFieldLine,        // 400: no colon, a name that is not a token, bad value characters
  kSpaceBeforeColon,    // 400 (RFC 9112 §5.1: MUST reject)
  kObsFold,             // 400 (RFC 9112 §5.2: line folding rejected)
  kFieldsTooLarge,      // 431: the header section exceeds its byte limit
  kTooManyFields,       // 431: more fields than the limit
  kMissingHost,         // 400 (RFC 9112 §3.2: HTTP/1.1 requests MUST carry Host)
  kDuplicateHost,       // 400 (RFC 9112 §3.2)
  kBadContentLength,    // 400 (RFC 9112 §6.3 item 5)
  kLengthAndChunked,    // 400 (RFC 9112 §6.1: smuggling risk; we reject)
  kCodingInHttp10,      // 400 (RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty)
  kUnsupportedCoding,   // 501 (RFC 9112 §6.1: a transfer coding we do not know)
  kChunkedNotFinal,     // 400 (RFC 9112 §6.3 item 4, requests)
  kContentTooLarge,     // 413: declared or chunked body above the limit
  kBadChunk,            // 400: chunk size line or chunk framing
  kBareCr,              // 400 (RFC 9112 §2.2)
  kTruncated,           // the connection ended inside a message
};

const char* to_string(ParseError error);
// The status a server sends for a request that failed with `error` (400, 413, 414, 431, 501,
// 505).
std::uint16_t status_for(ParseError error);

}  // namespace ws::http
