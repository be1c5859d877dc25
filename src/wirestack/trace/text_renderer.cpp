#include "wirestack/trace/text_renderer.h"

#include "wirestack/trace/event_summary.h"

namespace ws {
namespace {

const char* layer_colour(Layer layer) {
  switch (layer) {
    case Layer::kNetworkAccess: return "\x1b[36m";  // cyan
    case Layer::kInternet: return "\x1b[33m";       // yellow
    case Layer::kTransport: return "\x1b[32m";      // green
    case Layer::kApplication: return "\x1b[35m";    // magenta
  }
  return "";
}

}  // namespace

bool TextRenderer::wanted(const Event& event) const {
  const auto* frame = std::get_if<FrameEvent>(&event.data);
  switch (options_.filter) {
    case Filter::kAll: return true;
    case Filter::kFrames: return frame != nullptr;
    case Filter::kSentFramesAndDrops:
      return (frame && frame->direction == FrameEvent::Direction::kOut) ||
             std::holds_alternative<DropEvent>(event.data);
  }
  return true;
}

void TextRenderer::on_event(const Event& event) {
  if (!wanted(event)) return;
  const bool is_drop = std::holds_alternative<DropEvent>(event.data);
  const char* on = options_.colour ? (is_drop ? "\x1b[31m" : layer_colour(event.layer)) : "";
  const char* off = options_.colour ? "\x1b[0m" : "";
  std::fprintf(out_, "%s%12s %-10.*s %s%s\n", on, format_seconds(event.time).c_str(),
               static_cast<int>(event.node.size()), event.node.data(),
               event_summary(event).c_str(), off);
}

}  // namespace ws
