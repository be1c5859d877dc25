// Media types by file extension, for the file server (the common subset of nginx's mime.types).
#pragma once

#include <string_view>

namespace ws::http {

// "text/html; charset=utf-8" for "index.html"; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view filename);

}  // namespace ws::http
