#include "wirestack/application/http/parse_error.h"

#include "wirestack/application/http/status.h"

namespace ws::http {

const char* to_string(ParseError error) {
  switch (error) {
    case ParseError::kNone:
      return "no error";
    case ParseError::kBadStartLine:
      return "malformed start line";
    case ParseError::kStartLineTooLong:
      return "start line too long";
    case ParseError::kBadVersion:
      return "malformed HTTP version";
    case ParseError::kUnsupportedVersion:
      return "unsupported HTTP version";
    case ParseError::kBadFieldLine:
      return "malformed field line";
    case ParseError::kSpaceBeforeColon:
      return "whitespace before colon";
    case ParseError::kObsFold:
      return "obsolete line folding";
    case ParseError::kFieldsTooLarge:
      return "header section too large";
    case ParseError::kTooManyFields:
      return "too many header fields";
    case ParseError::kMissingHost:
      return "missing Host";
    case ParseError::kDuplicateHost:
      return "more than one Host";
    case ParseError::kBadContentLength:
      return "invalid Content-Length";
    case ParseError::kLengthAndChunked:
      return "both Content-Length and Transfer-Encoding";
    case ParseError::kCodingInHttp10:
      return "Transfer-Encoding in HTTP/1.0";
    case ParseError::kUnsupportedCoding:
      return "unsupported transfer coding";
    case ParseError::kChunkedNotFinal:
      return "chunked is not the final transfer coding";
    case ParseError::kContentTooLarge:
      return "content too large";
    case ParseError::kBadChunk:
      return "malformed chunk";
    case ParseError::kBareCr:
      return "bare CR";
    case ParseError::kTruncated:
      return "truncated message";
  }
  return "unknown";
}

std::uint16_t status_for(ParseError error) {
  switch (error) {
    case ParseError::kStartLineTooLong:
      return status::kUriTooLong;
    case ParseError::kUnsupportedVersion:
      return status::kHttpVersionNotSupported;
    case ParseError::kFieldsTooLarge:
    case ParseError::kTooManyFields:
      return status::kHeaderFieldsTooLarge;
    case ParseError::kUnsupportedCoding:
      return status::kNotImplemented;
    case ParseError::kContentTooLarge:
      return status::kContentTooLarge;
    default:
      return status::kBadRequest;
  }
}

}  // namespace ws::http
