// Bounds on what a parser accepts, so a peer cannot make us buffer without end.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ws::http {

struct Limits {
  std::size_t start_line = 8 * 1024;      // request or status line, CRLF included
  std::size_t field_section = 64 * 1024;  // all field lines of a header (or trailer) section
  std::size_t fields = 100;               // field lines per section
  std::uint64_t content = 1024 * 1024;    // message content (declared or chunked)
  std::size_t chunk_line = 1024;          // chunk-size line with its extensions
  std::size_t empty_lines_before = 8;     // RFC 9112 §2.2: CRLFs tolerated before a request
};

}  // namespace ws::http
