// The heads of HTTP/1.1 messages (RFC 9112 §3, §4) as plain data.
#pragma once

#include <cstdint>
#include <string>

#include "wirestack/application/http/headers.h"

namespace ws::http {

struct Version {
  std::uint8_t major = 1;
  std::uint8_t minor = 1;
  bool operator==(const Version&) const = default;
  bool at_least_1_1() const { return major > 1 || (major == 1 && minor >= 1); }
};

struct RequestHead {
  std::string method;  // case-sensitive token (RFC 9110 §9.1)
  std::string target;  // origin-form "/path?query", absolute-form, authority-form or "*"
  Version version;
  Headers headers;
};

struct ResponseHead {
  Version version;
  std::uint16_t status = 0;
  std::string reason;
  Headers headers;
};

}  // namespace ws::http
