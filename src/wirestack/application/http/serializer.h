// Writes message heads and chunks (RFC 9112 §3, §4, §7.1), appending to a caller's string so
// one buffer can be reused for every message.
#pragma once

#include <string>
#include <string_view>

#include "wirestack/application/http/message.h"

namespace ws::http {

// "GET / HTTP/1.1\r\n" + fields + "\r\n".
void append_request_head(std::string& out, const RequestHead& head);
// "HTTP/1.1 200 OK\r\n" + fields + "\r\n" (the reason phrase from the code when empty).
void append_response_head(std::string& out, const ResponseHead& head);
// One chunk of a chunked body: size in hex, CRLF, data, CRLF. Empty data writes nothing.
void append_chunk(std::string& out, std::string_view data);
// The last chunk and an empty trailer section: "0\r\n\r\n".
void append_last_chunk(std::string& out);

}  // namespace ws::http
