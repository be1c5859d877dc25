#include "wirestack/sim/host_node.h"

namespace ws::sim {

void HostNode::poll(Instant now) {
  host_.poll(now);
  for (auto& app : apps_) app.poll(now);
  host_.end_poll(now);
  if (after_poll_) after_poll_(now);
}

std::optional<Instant> HostNode::poll_at() const {
  std::optional<Instant> at = host_.poll_at();
  for (const auto& app : apps_) {
    auto t = app.poll_at();
    if (t && (!at || *t < *at)) at = t;
  }
  return at;
}

}  // namespace ws::sim
