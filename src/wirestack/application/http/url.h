// "http://host[:port]/path?query" split into what a client needs (RFC 9110 §4.2.1). Only the
// http scheme; no userinfo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ws::http {

struct Url {
  std::string host;  // as written (a name or an IPv4 address), lower-cased
  std::uint16_t port = 80;
  std::string target = "/";  // origin-form: path and query
  // The Host field's value: "host", or "host:port" when the port is not 80.
  std::string authority() const;
};

// Also accepts "host/path" without a scheme. nullopt for other schemes or malformed URLs.
std::optional<Url> parse_url(std::string_view text);

}  // namespace ws::http
