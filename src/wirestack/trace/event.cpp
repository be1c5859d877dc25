#include "wirestack/trace/event.h"

namespace ws {

const char* to_string(Layer layer) {
  switch (layer) {
    case Layer::kNetworkAccess: return "network-access";
    case Layer::kInternet: return "internet";
    case Layer::kTransport: return "transport";
    case Layer::kApplication: return "application";
  }
  return "unknown";
}

}  // namespace ws
