// A namespace with a tap (10.200.0.1/24 on Linux's side) and `wirestack up` attached to it as
// 10.200.0.2/24, with the given extra options; stopped and removed on destruction.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/netns.h"
#include "support/test_env.h"

namespace ws::test {

class WirestackOnTap {
 public:
  explicit WirestackOnTap(const std::vector<std::string>& options) {
    ns_.add_tap("tap0");
    ns_.configure("tap0", "10.200.0.1/24");
    std::vector<std::string> argv = {
        wirestack_binary().string(), "up", "--tap", "tap0", "--addr", "10.200.0.2/24"};
    argv.insert(argv.end(), options.begin(), options.end());
    host_ = std::make_unique<Spawned>(ns_, argv);
    ready_ = ns_.wait_carrier("tap0") && host_->wait_for_output("up: 10.200.0.2/24");
  }
  ~WirestackOnTap() { host_.reset(); }

  // The host attached to the tap and said it is up.
  bool ready() const { return ready_; }
  const Netns& ns() const { return ns_; }
  Spawned& host() { return *host_; }
  // Stops the host (SIGTERM): it must exit 0; returns everything it printed.
  std::string stop() {
    EXPECT_EQ(host_->stop(), 0) << host_->output();
    return host_->output();
  }

 private:
  Netns ns_;
  std::unique_ptr<Spawned> host_;
  bool ready_ = false;
};

}  // namespace ws::test
