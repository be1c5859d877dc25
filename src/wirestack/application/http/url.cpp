#include "wirestack/application/http/url.h"

#include "wirestack/application/http/syntax.h"

namespace ws::http {

std::string Url::authority() const {
  return port == 80 ? host : host + ":" + std::to_string(port);
}

std::optional<Url> parse_url(std::string_view text) {
  if (const std::size_t scheme = text.find("://"); scheme != std::string_view::npos) {
    if (!iequals(text.substr(0, scheme), "http")) return std::nullopt;
    text.remove_prefix(scheme + 3);
  }
  const std::size_t path = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, path);
  Url url;
  if (path != std::string_view::npos) {
    std::string_view rest = text.substr(path);
    rest = rest.substr(0, rest.find('#'));
    url.target = rest.starts_with('/') ? std::string(rest) : "/" + std::string(rest);
  }
  if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    const auto port = parse_decimal(authority.substr(colon + 1), 65535);
    if (!port || *port == 0) return std::nullopt;
    url.port = static_cast<std::uint16_t>(*port);
    authority = authority.substr(0, colon);
  }
  if (authority.empty() || authority.find('@') != std::string_view::npos || !is_target(authority) ||
      !is_target(url.target)) {
    return std::nullopt;
  }
  for (char c : authority) {
    url.host += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return url;
}

}  // namespace ws::http
