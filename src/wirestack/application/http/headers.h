// A field section (RFC 9110 §5): header or trailer fields in the order received. Names and
// values live in one string, so reusing a Headers for the next message allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ws::http {

struct Field {
  std::string_view name;
  std::string_view value;
};

class Headers {
 public:
  void add(std::string_view name, std::string_view value);
  void clear();

  std::size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  Field operator[](std::size_t i) const;
  // The first field named `name` (case-insensitive), if any.
  std::optional<std::string_view> get(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  // True if any field named `name` lists `token` (say Connection: close).
  bool has_token(std::string_view name, std::string_view token) const;
  // Bytes the names and values take.
  std::size_t text_size() const { return text_.size(); }

 private:
  struct Ref {
    std::uint32_t offset;
    std::uint32_t name_len;
    std::uint32_t value_len;
  };
  std::string text_;
  std::vector<Ref> refs_;
};

}  // namespace ws::http
