#include "wirestack/wire/parse_error.h"

namespace ws {

const char* to_string(ParseError e) {
  switch (e) {
    case ParseError::kTruncated:
      return "truncated";
    case ParseError::kBadVersion:
      return "bad version";
    case ParseError::kBadHeaderLength:
      return "bad header length";
    case ParseError::kBadTotalLength:
      return "bad total length";
    case ParseError::kBadLength:
      return "bad length";
    case ParseError::kBadChecksum:
      return "bad checksum";
    case ParseError::kBadHardwareType:
      return "bad hardware type";
    case ParseError::kBadProtocolType:
      return "bad protocol type";
    case ParseError::kBadOperation:
      return "bad operation";
    case ParseError::kBadFragment:
      return "bad fragment";
    case ParseError::kUnsupported:
      return "unsupported";
    case ParseError::kMalformed:
      return "malformed";
  }
  return "unknown";
}

}  // namespace ws
