// A host's stack as a simulation node, with the applications that run on it (a ping client,
// later resolvers and sockets). The stack is polled first, so applications see what arrived;
// then each application, in the order added, so what they send goes out in the same instant;
// last the host's end_poll, for what the transports held until the applications had read.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "wirestack/internet/host.h"
#include "wirestack/sim/sim_node.h"

namespace ws::sim {

class HostNode final : public SimNode {
 public:
  explicit HostNode(Host& host) : host_(host) {}

  // `app` needs poll(Instant) and poll_at() -> optional<Instant>; it must outlive the node.
  template <class App>
  void add_app(App& app) {
    apps_.push_back({[&app](Instant now) { app.poll(now); }, [&app] { return app.poll_at(); }});
  }
  // Called after every poll (after the apps): for a driver that prints progress as it happens.
  void set_after_poll(std::function<void(Instant)> hook) { after_poll_ = std::move(hook); }

  Host& host() { return host_; }
  std::string_view name() const override { return host_.name(); }
  void poll(Instant now) override;
  std::optional<Instant> poll_at() const override;

 private:
  struct App {
    std::function<void(Instant)> poll;
    std::function<std::optional<Instant>()> poll_at;
  };
  Host& host_;
  std::vector<App> apps_;
  std::function<void(Instant)> after_poll_;
};

}  // namespace ws::sim
