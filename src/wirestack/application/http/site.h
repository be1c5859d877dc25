// What a server serves: pages registered in code and, optionally, the files under a directory.
// It decides the answer to a request (status, content type, where the content comes from);
// the connection code sends it. Only GET and HEAD are served.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "wirestack/application/http/message.h"

namespace ws::http {

struct Reply {
  std::uint16_t status = 0;
  std::string_view content_type;
  // The content: `text` (a page, or `owned` for generated error pages), or the file `file`.
  std::string_view text;
  std::string owned;
  std::filesystem::path file;
  std::uint64_t length = 0;
  bool allow_header = false;  // 405: "Allow: GET, HEAD"
  bool from_file() const { return !file.empty(); }
};

class Site {
 public:
  // `path` is matched exactly against the decoded path of the target ("/" or "/about").
  void add_page(std::string path, std::string content_type, std::string body);
  // Serves the files under `root` ("/" is root/index.html); symlinks leading out of it are
  // refused. False when `root` is not a directory.
  bool serve_directory(const std::filesystem::path& root);

  void resolve(const RequestHead& request, Reply& out) const;
  // A small HTML page explaining `status`, as every error reply carries.
  static void error_reply(std::uint16_t status, Reply& out);

 private:
  struct Page {
    std::string content_type;
    std::string body;
  };
  bool resolve_file(std::string_view path, Reply& out) const;

  std::map<std::string, Page, std::less<>> pages_;
  std::filesystem::path root_;  // canonical; empty when not serving files
};

}  // namespace ws::http
