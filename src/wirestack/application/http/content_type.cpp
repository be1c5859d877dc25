#include "wirestack/application/http/content_type.h"

#include "wirestack/application/http/syntax.h"

namespace ws::http {
namespace {

struct Mapping {
  std::string_view extension;
  std::string_view type;
};

constexpr Mapping kTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"json", "application/json"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"wasm", "application/wasm"},
    {"pcap", "application/vnd.tcpdump.pcap"},
};

}  // namespace

std::string_view content_type_for(std::string_view filename) {
  const std::size_t slash = filename.rfind('/');
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  const std::size_t dot = filename.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    const std::string_view ext = filename.substr(dot + 1);
    for (const Mapping& m : kTypes) {
      if (iequals(m.extension, ext)) return m.type;
    }
  }
  return "application/octet-stream";
}

}  // namespace ws::http
