// From a request-target to a path the server may look up (RFC 9112 §3.2, RFC 3986 §3.3):
// the path of origin-form or absolute-form, without its query, percent-decoded, with "." and
// ".." segments refused rather than resolved, so no request can climb out of the document root.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ws::http {

// "/a/b.html?x=1" -> "/a/b.html"; "http://host/a%20b" -> "/a b". nullopt for targets that name
// no file: asterisk-form, authority-form, "..", "." or empty segments after decoding, encoded
// '/' or NUL, bad percent-escapes.
std::optional<std::string> decode_target_path(std::string_view target);

}  // namespace ws::http
