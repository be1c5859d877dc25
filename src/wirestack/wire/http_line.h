// The first line of an HTTP/1.x message at the start of a TCP payload, recognised for display
// as tcpdump and Wireshark do (lenient: the strict parser is application/http's). A segment
// that starts with neither a request line nor a status line is body or continuation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wirestack/base/bytes.h"
#include "wirestack/wire/dissection.h"

namespace ws::http_wire {

// The ports printed and dissected as HTTP (IANA's http and http-alt).
inline constexpr std::uint16_t kPort = 80;
inline constexpr std::uint16_t kAltPort = 8080;
constexpr bool is_http_port(std::uint16_t port) {
  return port == kPort || port == kAltPort;
}

struct FirstLine {
  bool request;
  std::string_view line;                     // the whole line, without CRLF
  std::string_view method, target, version;  // requests
  std::string_view code, reason;             // responses (version too)
};

std::optional<FirstLine> first_line(Bytes payload);
// tcpdump's text after a port-80 segment's length: "HTTP: GET / HTTP/1.1", or "HTTP" for a
// segment that starts no message.
std::string describe(Bytes payload);
// An "http" layer with Wireshark's http.request.* / http.response.* fields, or nullopt for a
// segment that starts no message.
std::optional<DissectedLayer> dissect(Bytes payload);

}  // namespace ws::http_wire
