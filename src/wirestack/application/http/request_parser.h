// Parses requests as a server receives them (RFC 9112 §3): the request line, the headers, a
// Content-Length or chunked body. HTTP/1.1 requests must carry exactly one Host.
//
//   RequestParser p;
//   while (!in.empty() && !p.complete() && !p.failed()) {
//     auto step = p.feed(in);  in = in.subspan(step.consumed);  use(step.content);
//   }
//   if (p.failed()) respond(status_for(p.error()));
#pragma once

#include "wirestack/application/http/framing.h"
#include "wirestack/application/http/message.h"
#include "wirestack/application/http/message_parser.h"

namespace ws::http {

class RequestParser final : public MessageParser {
 public:
  explicit RequestParser(const Limits& limits = {}) : MessageParser(limits) {}

  const RequestHead& head() const { return head_; }
  // Whether the connection may carry another request after this one (RFC 9112 §9.3).
  bool keep_alive() const { return keeps_alive(head_.version, head_.headers); }

 private:
  ParseError parse_start(std::string_view line) override;
  Headers& fields() override { return head_.headers; }
  Result<Framing, ParseError> framing() override;
  void clear_head() override { head_.headers.clear(); }
  bool skips_leading_empty_lines() const override { return true; }

  RequestHead head_;
};

}  // namespace ws::http
