// Renders events as terminal lines: "    0.001234 client     eth0 > ARP, Request who-has ...".
#pragma once

#include <cstdio>

#include "wirestack/trace/event.h"

namespace ws {

class TextRenderer final : public EventSink {
 public:
  enum class Filter : std::uint8_t {
    kAll,                  // every event
    kFrames,               // frames in and out (tcpdump on every interface)
    kSentFramesAndDrops,   // each frame once, as it leaves a node (one line per hop), and drops
  };
  struct Options {
    Filter filter = Filter::kAll;
    bool colour = false;  // ANSI colour per layer (only on a terminal, never with NO_COLOR)
  };
  TextRenderer(std::FILE* out, Options options) : out_(out), options_(options) {}
  void on_event(const Event& event) override;

 private:
  bool wanted(const Event& event) const;

  std::FILE* out_;
  Options options_;
};

}  // namespace ws
