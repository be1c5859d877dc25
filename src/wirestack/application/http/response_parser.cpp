#include "wirestack/application/http/response_parser.h"

#include "wirestack/application/http/framing.h"
#include "wirestack/application/http/start_line.h"

namespace ws::http {

ParseError ResponseParser::parse_start(std::string_view line) {
  return parse_status_line(line, head_);
}

Result<Framing, ParseError> ResponseParser::framing() {
  auto f = response_framing(head_, method_);
  until_close_ = f && f->kind == Framing::Kind::kUntilClose;
  return f;
}

bool ResponseParser::keep_alive() const {
  return !until_close_ && keeps_alive(head_.version, head_.headers);
}

}  // namespace ws::http
