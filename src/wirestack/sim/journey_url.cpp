// JourneyUrl::parse: the little of RFC 3986 the journey needs (http, a host, a port, a path).
#include <charconv>

#include "wirestack/sim/journey.h"

namespace ws::sim {

std::optional<JourneyUrl> JourneyUrl::parse(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<JourneyUrl> {
    if (error) *error = "'" + std::string(text) + "': " + why;
    return std::nullopt;
  };
  std::string_view rest = text;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    if (rest.substr(0, scheme) != "http") return fail("only http:// URLs (the journey is port 80)");
    rest.remove_prefix(scheme + 3);
  }
  JourneyUrl url;
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return fail("bad port");
    url.port = static_cast<std::uint16_t>(value);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return fail("no host name");
  for (char c : authority) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return fail("bad character in the host name");
  }
  url.host = std::string(authority);
  for (char c : url.path) {
    if (c <= ' ' || c == 0x7f) return fail("bad character in the path");
  }
  return url;
}

}  // namespace ws::sim
