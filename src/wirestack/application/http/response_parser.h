// Parses responses as a client receives them (RFC 9112 §4, §6.3). A response's framing depends
// on the request it answers, so expect(method) comes before each response.
#pragma once

#include <string>
#include <string_view>

#include "wirestack/application/http/framing.h"
#include "wirestack/application/http/message.h"
#include "wirestack/application/http/message_parser.h"

namespace ws::http {

class ResponseParser final : public MessageParser {
 public:
  explicit ResponseParser(const Limits& limits = {}) : MessageParser(limits) {}

  // The method of the request the next response answers ("HEAD": no body). Call after reset().
  void expect(std::string_view method) { method_.assign(method); }
  const ResponseHead& head() const { return head_; }
  bool keep_alive() const;

 private:
  ParseError parse_start(std::string_view line) override;
  Headers& fields() override { return head_.headers; }
  Result<Framing, ParseError> framing() override;
  void clear_head() override { head_.headers.clear(); }
  bool skips_leading_empty_lines() const override { return false; }

  ResponseHead head_;
  std::string method_ = "GET";
  bool until_close_ = false;
};

}  // namespace ws::http
