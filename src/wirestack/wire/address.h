// Link and internet addresses: Ethernet MAC (EUI-48) and IPv4, plus an IPv4 prefix (CIDR).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ws {

class MacAddress {
 public:
  constexpr MacAddress() = default;
  constexpr explicit MacAddress(std::array<std::uint8_t, 6> b) : b_(b) {}
  static MacAddress from_bytes(const std::uint8_t* p);
  static constexpr MacAddress broadcast() { return MacAddress({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}); }
  static constexpr MacAddress zero() { return MacAddress(); }
  // "02:00:00:00:00:01"; nullopt when malformed.
  static std::optional<MacAddress> parse(std::string_view text);

  constexpr const std::array<std::uint8_t, 6>& bytes() const { return b_; }
  void write(std::uint8_t* p) const;
  constexpr bool is_broadcast() const { return *this == broadcast(); }
  constexpr bool is_multicast() const { return (b_[0] & 1) != 0; }  // includes broadcast
  constexpr bool is_zero() const { return *this == zero(); }
  std::string to_string() const;

  constexpr auto operator<=>(const MacAddress&) const = default;

 private:
  std::array<std::uint8_t, 6> b_{};
};

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(std::uint32_t host_order) : v_(host_order) {}
  static constexpr Ipv4Address of(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return Ipv4Address((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d);
  }
  static Ipv4Address from_bytes(const std::uint8_t* p);
  static constexpr Ipv4Address any() { return Ipv4Address(0); }
  static constexpr Ipv4Address broadcast() { return Ipv4Address(0xffffffffu); }
  // Dotted quad; nullopt when malformed.
  static std::optional<Ipv4Address> parse(std::string_view text);

  constexpr std::uint32_t value() const { return v_; }
  void write(std::uint8_t* p) const;
  constexpr bool is_unspecified() const { return v_ == 0; }
  constexpr bool is_broadcast() const { return v_ == 0xffffffffu; }
  constexpr bool is_multicast() const { return (v_ >> 28) == 0xe; }
  constexpr bool is_loopback() const { return (v_ >> 24) == 127; }
  std::string to_string() const;

  constexpr auto operator<=>(const Ipv4Address&) const = default;

 private:
  std::uint32_t v_ = 0;
};

// An address with a prefix length: an interface address (192.168.0.10/24) or a route's
// destination network (0.0.0.0/0).
class Ipv4Cidr {
 public:
  constexpr Ipv4Cidr() = default;
  constexpr Ipv4Cidr(Ipv4Address address, std::uint8_t prefix_len)
      : address_(address), prefix_len_(prefix_len > 32 ? 32 : prefix_len) {}
  // "10.0.0.1/24" (a bare address means /32); nullopt when malformed.
  static std::optional<Ipv4Cidr> parse(std::string_view text);

  constexpr Ipv4Address address() const { return address_; }
  constexpr std::uint8_t prefix_len() const { return prefix_len_; }
  constexpr std::uint32_t mask() const {
    return prefix_len_ == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix_len_);
  }
  constexpr Ipv4Address network() const { return Ipv4Address(address_.value() & mask()); }
  constexpr Ipv4Address broadcast() const { return Ipv4Address(address_.value() | ~mask()); }
  constexpr bool contains(Ipv4Address a) const {
    return (a.value() & mask()) == (address_.value() & mask());
  }
  std::string to_string() const;  // "10.0.0.1/24"

  constexpr auto operator<=>(const Ipv4Cidr&) const = default;

 private:
  Ipv4Address address_;
  std::uint8_t prefix_len_ = 0;
};

}  // namespace ws
