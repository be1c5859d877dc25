// Reads a field section (RFC 9112 §5: field lines up to an empty line) into Headers, with the
// checks RFC 9112 asks of recipients and the limits in Limits. Used for headers and trailers.
#pragma once

#include <cstddef>
#include <string_view>

#include "wirestack/application/http/headers.h"
#include "wirestack/application/http/limits.h"
#include "wirestack/application/http/line_reader.h"
#include "wirestack/application/http/parse_error.h"
#include "wirestack/base/bytes.h"

namespace ws::http {

// One field line ("Name: value") checked and added to `out`.
ParseError parse_field_line(std::string_view line, Headers& out);

class FieldSectionReader {
 public:
  struct Step {
    std::size_t consumed;
    bool done;  // the empty line that ends the section was read
    ParseError error;
  };

  Step feed(Bytes data, Headers& out, const Limits& limits);
  void reset() {
    lines_.reset();
    bytes_ = 0;
  }

 private:
  LineReader lines_;
  std::size_t bytes_ = 0;  // of the section so far, terminators included
};

}  // namespace ws::http
