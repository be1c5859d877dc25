#include "wirestack/application/http/target_path.h"

namespace ws::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The path part: origin-form as is; absolute-form after "scheme://authority".
std::optional<std::string_view> path_of(std::string_view target) {
  if (target.starts_with('/')) return target;
  const std::size_t scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  const std::size_t path = target.find('/', scheme_end + 3);
  return path == std::string_view::npos ? std::string_view("/") : target.substr(path);
}

bool segment_allowed(std::string_view segment) {
  return segment != "." && segment != "..";
}

}  // namespace

std::optional<std::string> decode_target_path(std::string_view target) {
  auto raw = path_of(target);
  if (!raw) return std::nullopt;
  std::string_view path = raw->substr(0, raw->find_first_of("?#"));
  std::string out;
  out.reserve(path.size());
  std::size_t segment_start = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size()) return std::nullopt;
      const int hi = hex_value(path[i + 1]);
      const int lo = hex_value(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      if (c == '/' || c == '\0' || c == '\\') return std::nullopt;
    } else if (c == '/') {
      if (!segment_allowed(std::string_view(out).substr(segment_start))) return std::nullopt;
      if (!out.empty() && out.back() == '/') continue;  // "//" collapses
      out += '/';
      segment_start = out.size();
      continue;
    }
    out += c;
  }
  if (!segment_allowed(std::string_view(out).substr(segment_start))) return std::nullopt;
  return out;
}

}  // namespace ws::http
