// Collects one line (ending in CRLF, or a bare LF, which RFC 9112 §2.2 lets recipients accept)
// from bytes that arrive in any split. A line that arrives whole is not copied.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wirestack/base/bytes.h"

namespace ws::http {

class LineReader {
 public:
  enum class Status : unsigned char { kNeedMore, kLine, kTooLong, kBareCr };
  struct Step {
    std::size_t consumed;
    Status status;
  };

  // Consumes bytes up to the end of the line (or all of `data`). With kLine, line() is the line
  // without its terminator, valid until the next feed or reset. `max_len` bounds the line,
  // terminator included.
  Step feed(Bytes data, std::size_t max_len);
  std::string_view line() const { return line_; }
  void reset() {
    buffer_.clear();
    line_ = {};
    line_done_ = false;
  }

 private:
  std::string buffer_;
  std::string_view line_;
  bool line_done_ = false;
};

}  // namespace ws::http
