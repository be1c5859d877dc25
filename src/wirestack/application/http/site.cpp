#include "wirestack/application/http/site.h"

#include <algorithm>
#include <system_error>

#include "wirestack/application/http/content_type.h"
#include "wirestack/application/http/status.h"
#include "wirestack/application/http/target_path.h"

namespace ws::http {
namespace {

// RFC 9110 §9: the methods it defines; others are answered 501 (§15.6.2).
bool is_known_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "DELETE" ||
         m == "CONNECT" || m == "OPTIONS" || m == "TRACE" || m == "PATCH";
}

bool is_within(const std::filesystem::path& root, const std::filesystem::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

}  // namespace

void Site::add_page(std::string path, std::string content_type, std::string body) {
  pages_[std::move(path)] = Page{std::move(content_type), std::move(body)};
}

bool Site::serve_directory(const std::filesystem::path& root) {
  std::error_code ec;
  auto canonical = std::filesystem::canonical(root, ec);
  if (ec || !std::filesystem::is_directory(canonical, ec)) return false;
  root_ = std::move(canonical);
  return true;
}

void Site::error_reply(std::uint16_t status, Reply& out) {
  out = Reply{};
  out.status = status;
  out.content_type = "text/html; charset=utf-8";
  const std::string title = std::to_string(status) + " " + reason_phrase(status);
  out.owned = "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title +
              "</h1></body></html>\n";
  out.text = out.owned;
  out.length = out.owned.size();
}

void Site::resolve(const RequestHead& request, Reply& out) const {
  if (request.method != "GET" && request.method != "HEAD") {
    error_reply(
        is_known_method(request.method) ? status::kMethodNotAllowed : status::kNotImplemented, out);
    out.allow_header = out.status == status::kMethodNotAllowed;
    return;
  }
  const auto path = decode_target_path(request.target);
  if (!path) return error_reply(status::kNotFound, out);
  if (auto it = pages_.find(*path); it != pages_.end()) {
    out = Reply{};
    out.status = status::kOk;
    out.content_type = it->second.content_type;
    out.text = it->second.body;
    out.length = it->second.body.size();
    return;
  }
  if (!resolve_file(*path, out)) error_reply(status::kNotFound, out);
}

bool Site::resolve_file(std::string_view path, Reply& out) const {
  if (root_.empty()) return false;
  std::error_code ec;
  std::filesystem::path p = root_ / std::filesystem::path(path.substr(1));
  if (path.ends_with('/')) p /= "index.html";
  // Following symlinks, the file must still be under the root.
  p = std::filesystem::weakly_canonical(p, ec);
  if (ec || !is_within(root_, p)) return false;
  if (std::filesystem::is_directory(p, ec)) p /= "index.html";
  if (!std::filesystem::is_regular_file(p, ec)) return false;
  p = std::filesystem::canonical(p, ec);
  if (ec || !is_within(root_, p)) return false;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) return false;
  out = Reply{};
  out.status = status::kOk;
  out.content_type = content_type_for(p.filename().string());
  out.file = std::move(p);
  out.length = size;
  return true;
}

}  // namespace ws::http
