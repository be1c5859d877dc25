#include "wirestack/trace/drop_reason.h"

namespace ws {

const char* to_string(DropReason reason) {
  switch (reason) {
#define WS_DROP_CASE(name, text) \
  case DropReason::name:         \
    return text;
    WS_DROP_REASONS(WS_DROP_CASE)
#undef WS_DROP_CASE
    case DropReason::kCount:
      break;
  }
  return "unknown";
}

std::uint64_t DropCounters::total() const {
  std::uint64_t sum = 0;
  for (auto c : counts_) sum += c;
  return sum;
}

}  // namespace ws
