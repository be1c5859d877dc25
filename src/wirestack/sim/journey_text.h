// Every sentence the journey's narration says, per language (English, and Korean: the note's
// own language), kept in one table per language rather than scattered through the renderers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wirestack/trace/event.h"

namespace ws::sim {

enum class Lang : std::uint8_t { kEn, kKo };
std::optional<Lang> parse_lang(std::string_view text);  // "en", "ko"

struct StepText {
  const char* title;   // "ARP: the gateway's IP becomes its MAC"
  const char* story;   // what happens, in the note's terms
  const char* really;  // where the note simplifies, what really happens ("" when it does not)
  const char* warm;    // with --warm, why the step may not appear on the wire ("" if it does)
};
// Steps 1..15.
const StepText& step_text(Lang lang, int step);

// The words around the steps.
struct UiText {
  const char* title;           // "What happens when you type %s into a browser"
  const char* before;          // the heading of the client's configuration
  const char* really_label;    // "What really happens"
  const char* warm_label;      // "Second visit"
  const char* warm_intro;      // the explanation at the top with --warm
  const char* skipped;         // "not on the wire this time"
  const char* layer_names[4];  // indexed by ws::Layer
  const char* summary;         // the heading of the end summary
  const char* resolved;        // "%s resolved to %s"
  const char* status;          // "HTTP status"
  const char* page;            // "the page the browser got"
  const char* time_wait_done;  // "the socket left TIME-WAIT after 2*MSL: CLOSED"
  const char* stopped;         // "the story stopped early: "
  const char* press_enter;     // "(Enter: next step)"
  const char* lose_last_ack;   // what --lose-last-ack did
  const char* tables;          // "Tables"
  const char* narration;       // "Narration"
  const char* click_hint;      // "Click an arrow to see its layers."
  const char* phase_names[6];  // indexed by Phase
};
const UiText& ui_text(Lang lang);

const char* layer_name(Lang lang, Layer layer);

}  // namespace ws::sim
