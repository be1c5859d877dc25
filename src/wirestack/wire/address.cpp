#include "wirestack/wire/address.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace ws {
namespace {

std::optional<unsigned> parse_number(std::string_view text, int base, unsigned max) {
  if (text.empty()) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

MacAddress MacAddress::from_bytes(const std::uint8_t* p) {
  std::array<std::uint8_t, 6> b;
  std::memcpy(b.data(), p, 6);
  return MacAddress(b);
}

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  std::array<std::uint8_t, 6> b{};
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t colon = text.find(':');
    const bool last = i == 5;
    if (last != (colon == std::string_view::npos)) return std::nullopt;
    auto part = text.substr(0, colon);
    if (part.size() > 2) return std::nullopt;
    auto n = parse_number(part, 16, 0xff);
    if (!n) return std::nullopt;
    b[i] = static_cast<std::uint8_t>(*n);
    text = last ? std::string_view() : text.substr(colon + 1);
  }
  return MacAddress(b);
}

void MacAddress::write(std::uint8_t* p) const {
  std::memcpy(p, b_.data(), 6);
}

std::string MacAddress::to_string() const {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", b_[0], b_[1], b_[2], b_[3], b_[4],
                b_[5]);
  return buf;
}

Ipv4Address Ipv4Address::from_bytes(const std::uint8_t* p) {
  return Ipv4Address((std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                     (std::uint32_t{p[2]} << 8) | p[3]);
}

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t dot = text.find('.');
    const bool last = i == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    auto part = text.substr(0, dot);
    if (part.size() > 3) return std::nullopt;
    auto n = parse_number(part, 10, 255);
    if (!n) return std::nullopt;
    v = (v << 8) | *n;
    text = last ? std::string_view() : text.substr(dot + 1);
  }
  return Ipv4Address(v);
}

void Ipv4Address::write(std::uint8_t* p) const {
  p[0] = static_cast<std::uint8_t>(v_ >> 24);
  p[1] = static_cast<std::uint8_t>(v_ >> 16);
  p[2] = static_cast<std::uint8_t>(v_ >> 8);
  p[3] = static_cast<std::uint8_t>(v_);
}

std::string Ipv4Address::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v_ >> 24, (v_ >> 16) & 0xff, (v_ >> 8) & 0xff,
                v_ & 0xff);
  return buf;
}

std::optional<Ipv4Cidr> Ipv4Cidr::parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  auto address = Ipv4Address::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  if (slash == std::string_view::npos) return Ipv4Cidr(*address, 32);
  auto len = parse_number(text.substr(slash + 1), 10, 32);
  if (!len) return std::nullopt;
  return Ipv4Cidr(*address, static_cast<std::uint8_t>(*len));
}

std::string Ipv4Cidr::to_string() const {
  return address_.to_string() + "/" + std::to_string(prefix_len_);
}

}  // namespace ws
