#include "wirestack/application/http/headers.h"

#include "wirestack/application/http/syntax.h"

namespace ws::http {

void Headers::add(std::string_view name, std::string_view value) {
  refs_.push_back({static_cast<std::uint32_t>(text_.size()),
                   static_cast<std::uint32_t>(name.size()),
                   static_cast<std::uint32_t>(value.size())});
  text_.append(name);
  text_.append(value);
}

void Headers::clear() {
  text_.clear();
  refs_.clear();
}

Field Headers::operator[](std::size_t i) const {
  const Ref& r = refs_[i];
  const std::string_view all(text_);
  return {all.substr(r.offset, r.name_len), all.substr(r.offset + r.name_len, r.value_len)};
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (std::size_t i = 0; i < size(); ++i) {
    const Field f = (*this)[i];
    if (iequals(f.name, name)) return f.value;
  }
  return std::nullopt;
}

std::size_t Headers::count(std::string_view name) const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < size(); ++i) n += iequals((*this)[i].name, name) ? 1 : 0;
  return n;
}

bool Headers::has_token(std::string_view name, std::string_view token) const {
  for (std::size_t i = 0; i < size(); ++i) {
    const Field f = (*this)[i];
    if (iequals(f.name, name) && list_contains(f.value, token)) return true;
  }
  return false;
}

}  // namespace ws::http
