// Renders events as JSON Lines: one object per event with at least time, node, layer,
// protocol, kind and summary, plus the kind's own fields.
#pragma once

#include <cstdio>
#include <string>

#include "wirestack/trace/event.h"

namespace ws {

class JsonlRenderer final : public EventSink {
 public:
  explicit JsonlRenderer(std::FILE* out) : out_(out) {}
  void on_event(const Event& event) override;

 private:
  std::FILE* out_;
  std::string line_;  // reused so steady-state rendering does not allocate
};

// Appends `text` as a JSON string literal (quoted, escaped) to `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace ws
