// HTTP status codes (RFC 9110 §15) and their reason phrases.
#pragma once

#include <cstdint>

namespace ws::http {

namespace status {
inline constexpr std::uint16_t kOk = 200;
inline constexpr std::uint16_t kNoContent = 204;
inline constexpr std::uint16_t kMovedPermanently = 301;
inline constexpr std::uint16_t kNotModified = 304;
inline constexpr std::uint16_t kBadRequest = 400;
inline constexpr std::uint16_t kForbidden = 403;
inline constexpr std::uint16_t kNotFound = 404;
inline constexpr std::uint16_t kMethodNotAllowed = 405;
inline constexpr std::uint16_t kRequestTimeout = 408;
inline constexpr std::uint16_t kContentTooLarge = 413;
inline constexpr std::uint16_t kUriTooLong = 414;
inline constexpr std::uint16_t kHeaderFieldsTooLarge = 431;
inline constexpr std::uint16_t kInternalServerError = 500;
inline constexpr std::uint16_t kNotImplemented = 501;
inline constexpr std::uint16_t kHttpVersionNotSupported = 505;
}  // namespace status

// "OK", "Not Found", ... as RFC 9110 §15 names them; "Unknown" for codes it does not define.
const char* reason_phrase(std::uint16_t code);

// RFC 9110 §6.4.1 / RFC 9112 §6.3: 1xx, 204 and 304 responses never carry content.
constexpr bool status_has_no_content(std::uint16_t code) {
  return (code >= 100 && code < 200) || code == status::kNoContent || code == status::kNotModified;
}

}  // namespace ws::http
