// A ladder (sequence) diagram as one self-contained HTML page: a lane per device, an arrow per
// frame sent (coloured by phase; a lost frame ends in a cross), drawn as our own inline SVG
// with no external resource. Clicking an arrow shows its layers (the dissection); the page
// also carries the narration's sections and the tables each one used. A small script reports
// its own errors into the page (body[data-js-error]) and marks it ready (body[data-ready]), so
// a headless browser can check it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wirestack/base/time.h"
#include "wirestack/wire/dissection.h"

namespace ws {

struct LadderLane {
  std::string name;    // "home-router"
  std::string detail;  // "192.168.0.1 / 203.0.113.2"
};

struct LadderPhase {
  std::string key;     // "arp": the arrows' `phase`
  std::string name;    // shown in the legend
  std::string colour;  // CSS colour
};

struct LadderTable {
  std::string title;
  std::string text;  // preformatted
};

struct LadderSection {
  std::string label;    // "S7"
  std::string heading;  // "ARP: the gateway's IP becomes its MAC"
  std::vector<std::string> paragraphs;
  std::vector<std::string> notes;  // "what really happens", shown set apart
  std::vector<LadderTable> tables;
};

struct LadderArrow {
  std::size_t from = 0;         // lane
  std::vector<std::size_t> to;  // lanes that received it (several: broadcast; none: lost)
  Instant sent;
  std::string phase;                   // a LadderPhase key
  std::optional<std::size_t> section;  // the LadderSection it belongs to
  std::string label;                   // short text on the arrow: "SYN", "A? www.google.com."
  std::string summary;                 // the tcpdump-style line
  Dissection layers;
};

struct LadderReport {
  std::string lang = "en";  // the page's language (html lang)
  std::string title;
  std::string subtitle;
  std::string hint;  // "Click an arrow to see its layers."
  std::string tables_heading;
  std::string narration_heading;
  std::vector<LadderLane> lanes;
  std::vector<LadderPhase> phases;
  std::vector<LadderSection> sections;
  std::vector<LadderArrow> arrows;
};

std::string render_html_ladder(const LadderReport& report);

}  // namespace ws
