// Renders events as terminal lines: "  0.001234 client      eth0 > ARP, Request who-has ...".
#pragma once

#include <cstdio>

#include "wirestack/trace/event.h"

namespace ws {

class TextRenderer final : public EventSink {
 public:
  struct Options {
    bool frames_only = false;  // only frame events (a tcpdump-like view across all nodes)
    bool colour = false;       // ANSI colour per layer (only on a terminal, never with NO_COLOR)
  };
  TextRenderer(std::FILE* out, Options options) : out_(out), options_(options) {}
  void on_event(const Event& event) override;

 private:
  std::FILE* out_;
  Options options_;
};

}  // namespace ws
