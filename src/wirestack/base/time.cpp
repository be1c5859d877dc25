#include "wirestack/base/time.h"

#include <cstdio>

namespace ws {

std::string format_seconds(Instant t) {
  char buf[40];
  const std::int64_t us = t.nanos() / 1000;
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1000000),
                static_cast<long long>(us % 1000000));
  return buf;
}

std::string format_millis(Duration d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(d.as_nanos()) / 1e6);
  return buf;
}

}  // namespace ws
