#include "wirestack/wire/http_line.h"

#include <algorithm>

namespace ws::http_wire {
namespace {

constexpr std::size_t kMaxLine = 8192;

bool is_version(std::string_view v) {
  return v.size() == 8 && v.starts_with("HTTP/") && v[5] >= '0' && v[5] <= '9' && v[6] == '.' &&
         v[7] >= '0' && v[7] <= '9';
}

// Methods are tokens; as Wireshark's heuristics do, only upper-case letters and '-' count.
bool is_method(std::string_view m) {
  return !m.empty() && m.size() <= 24 &&
         std::all_of(m.begin(), m.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '-'; });
}

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
  });
}

}  // namespace

std::optional<FirstLine> first_line(Bytes payload) {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()),
                              std::min(payload.size(), kMaxLine));
  const std::size_t lf = text.find('\n');
  if (lf == std::string_view::npos) return std::nullopt;
  std::string_view line = text.substr(0, lf);
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (!printable(line)) return std::nullopt;
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  FirstLine f{};
  f.line = line;
  if (is_version(line.substr(0, sp1))) {
    const std::string_view rest = line.substr(sp1 + 1);
    const std::string_view code = rest.substr(0, 3);
    if (code.size() != 3 ||
        !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    f.request = false;
    f.version = line.substr(0, sp1);
    f.code = code;
    f.reason = rest.size() > 4 ? rest.substr(4) : std::string_view();
    return f;
  }
  const std::size_t sp2 = line.rfind(' ');
  if (sp2 == sp1 || !is_method(line.substr(0, sp1)) || !is_version(line.substr(sp2 + 1))) {
    return std::nullopt;
  }
  f.request = true;
  f.method = line.substr(0, sp1);
  f.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  f.version = line.substr(sp2 + 1);
  return f;
}

std::string describe(Bytes payload) {
  const auto f = first_line(payload);
  return f ? "HTTP: " + std::string(f->line) : "HTTP";
}

std::optional<DissectedLayer> dissect(Bytes payload) {
  const auto f = first_line(payload);
  if (!f) return std::nullopt;
  DissectedLayer layer{"http", "Hypertext Transfer Protocol", {}, {}};
  if (f->request) {
    layer.add("http.request.method", std::string(f->method));
    layer.add("http.request.uri", std::string(f->target));
    layer.add("http.request.version", std::string(f->version));
  } else {
    layer.add("http.response.version", std::string(f->version));
    layer.add("http.response.code", std::string(f->code));
    layer.add("http.response.phrase", std::string(f->reason));
  }
  return layer;
}

}  // namespace ws::http_wire
