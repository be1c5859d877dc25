// What a message's head says about the rest of the exchange: how its body is delimited
// (RFC 9112 §6.3) and whether the connection persists afterwards (RFC 9112 §9.3).
#pragma once

#include <string_view>

#include "wirestack/application/http/body_decoder.h"
#include "wirestack/application/http/message.h"
#include "wirestack/application/http/parse_error.h"
#include "wirestack/base/result.h"

namespace ws::http {

Result<Framing, ParseError> request_framing(const RequestHead& head);
// `request_method` is the method of the request this answers (a response to HEAD has no body).
Result<Framing, ParseError> response_framing(const ResponseHead& head,
                                             std::string_view request_method);
// RFC 9112 §9.3: "close" ends the connection; otherwise HTTP/1.1 persists and HTTP/1.0 persists
// only with "keep-alive".
bool keeps_alive(Version version, const Headers& headers);

}  // namespace ws::http
