// The character classes and small grammars HTTP messages are built from (RFC 9110 §5.5, §5.6).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ws::http {

// tchar (RFC 9110 §5.6.2): the characters of a token (methods, field names, codings).
bool is_tchar(char c);
bool is_token(std::string_view s);
// field-value (RFC 9110 §5.5): VCHAR, obs-text, and SP/HTAB inside; no CR, LF or NUL.
bool is_field_value(std::string_view s);
// request-target characters: visible ASCII (RFC 3986 characters; no spaces or controls).
bool is_target(std::string_view s);
// reason-phrase (RFC 9112 §4): HTAB, SP, VCHAR, obs-text.
bool is_reason_phrase(std::string_view s);

// Without leading and trailing optional whitespace (OWS: SP and HTAB).
std::string_view trim_ows(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

// True if the comma-separated list `list` (#token, RFC 9110 §5.6.1) contains `token`,
// compared case-insensitively ("keep-alive, Close" contains "close").
bool list_contains(std::string_view list, std::string_view token);
// The last element of a comma-separated list ("gzip, chunked" -> "chunked").
std::string_view list_last(std::string_view list);

// 1*DIGIT as a number; nullopt when empty, not all digits, or larger than `max`.
std::optional<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max);
// 1*HEXDIG as a number; nullopt when empty, not hex, or larger than `max`.
std::optional<std::uint64_t> parse_hex(std::string_view s, std::uint64_t max);

}  // namespace ws::http
