#include "journey_html.h"

#include <cstdio>

#include "journey_view.h"
#include "wirestack/trace/html_ladder.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/frame_printer.h"

namespace ws::tool {
namespace {

const char* kPhaseColours[] = {"#6b7280", "#d97706", "#7c3aed", "#2563eb", "#059669", "#dc2626"};

// The few words written on an arrow: "who-has 192.168.0.1", "A? www.google.com.", "[S.]",
// "[P.] GET / HTTP/1.1".
std::string arrow_label(Bytes frame) {
  const std::string line = describe_frame(frame);
  std::string label;
  if (line.rfind("ARP", 0) == 0) {
    const auto who = line.find("who-has ");
    const auto is_at = line.find(" is-at ");
    if (who != std::string::npos)
      label = line.substr(who, line.find(' ', who + 8) - who);
    else if (is_at != std::string::npos)
      label = line.substr(line.find(", ") + 2, is_at - line.find(", ") - 2) + " is-at";
  } else if (const auto flags = line.find("Flags ["); flags != std::string::npos) {
    label = line.substr(flags + 6, line.find(']', flags) - flags - 5);
    for (const LayerLine& l : frame_layers(frame)) {
      if (l.layer == Layer::kApplication && l.text.rfind("HTTP ", 0) == 0) {
        label += " " + l.text.substr(5, l.text.find("  (") - 5);
      }
    }
  } else if (const auto colon = line.find(": "); colon != std::string::npos) {
    label = line.substr(colon + 2);
  }
  if (label.size() > 34) label = label.substr(0, 33) + "…";
  return label;
}

// The address a lane is known by: its first interface's (the side facing the client).
std::string lane_detail(const sim::Journey& journey, const std::string& name) {
  for (const auto& host : journey.internet().topology().hosts()) {
    if (host->name() == name && !host->interfaces().empty())
      return host->interfaces().front()->address().to_string();
  }
  return {};
}

void add_step_text(LadderSection& section, sim::Lang lang, int step) {
  const sim::StepText& t = sim::step_text(lang, step);
  section.paragraphs.push_back(t.story);
  if (*t.really)
    section.notes.push_back(std::string(sim::ui_text(lang).really_label) + ": " + t.really);
}

}  // namespace

std::string journey_html(const sim::Journey& journey, sim::Lang lang) {
  const sim::UiText& ui = sim::ui_text(lang);
  const auto& events = journey.events();
  LadderReport r;
  r.lang = lang == sim::Lang::kKo ? "ko" : "en";
  char title[256];
  std::snprintf(title, sizeof title, ui.title, journey.options().url.host.c_str());
  r.title = title;
  r.subtitle = "wirestack journey — seed " + std::to_string(journey.options().seed) +
               (journey.options().warm ? std::string(" — ") + ui.warm_label : std::string());
  r.hint = ui.click_hint;
  r.tables_heading = ui.tables;
  r.narration_heading = ui.narration;
  for (int p = 1; p <= 5; ++p) {
    r.phases.push_back(
        {sim::phase_key(static_cast<sim::Phase>(p)), ui.phase_names[p], kPhaseColours[p]});
  }
  r.phases.push_back({"other", ui.phase_names[0], kPhaseColours[0]});

  // Lanes: the devices that appear, in path order.
  std::vector<std::ptrdiff_t> lane_of(journey.path_order().size(), -1);
  for (std::size_t i = 0; i < journey.path_order().size(); ++i) {
    const std::string& name = journey.path_order()[i];
    bool appears = false;
    for (const auto& e : events) appears = appears || e.node() == name;
    if (!appears && i != 0) continue;
    lane_of[i] = static_cast<std::ptrdiff_t>(r.lanes.size());
    r.lanes.push_back({name, lane_detail(journey, name)});
  }
  auto lane = [&](const std::string& node) -> std::size_t {
    for (std::size_t i = 0; i < journey.path_order().size(); ++i) {
      if (journey.path_order()[i] == node && lane_of[i] >= 0)
        return static_cast<std::size_t>(lane_of[i]);
    }
    return 0;
  };

  // Sections: what the client knows first, then each step as it first happens.
  LadderSection before{"S2 S3", ui.before, {}, {}, {}};
  add_step_text(before, lang, 2);
  add_step_text(before, lang, 3);
  if (journey.options().warm) before.notes.push_back(ui.warm_intro);
  r.sections.push_back(before);
  std::vector<std::size_t> section_of_event(events.size(), 0);
  bool introduced[sim::kLastStep + 1] = {};
  introduced[2] = introduced[3] = true;
  std::size_t current = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const int step = journey.verdicts()[i].step;
    if (step != 0 && !introduced[step]) {
      introduced[step] = true;
      LadderSection s{"S" + std::to_string(step), sim::step_text(lang, step).title, {}, {}, {}};
      add_step_text(s, lang, step);
      r.sections.push_back(std::move(s));
      current = r.sections.size() - 1;
    }
    section_of_event[i] = current;
  }
  for (const sim::JourneyTable& t : journey.tables()) {
    const std::size_t s = t.event == 0 ? 0 : section_of_event[t.event - 1];
    r.sections[s].tables.push_back({t.title, t.text});
  }

  for (const FrameHop& hop : frame_hops(events)) {
    const RecordedEvent& e = events[hop.sent];
    LadderArrow a;
    a.from = lane(e.node());
    for (std::size_t in : hop.received) a.to.push_back(lane(events[in].node()));
    a.sent = e.time();
    a.phase = sim::phase_key(journey.verdicts()[hop.sent].phase);
    a.section = section_of_event[hop.sent];
    a.label = arrow_label(e.bytes());
    a.summary = format_seconds(e.time()) + " " + e.node() + " " + describe_frame(e.bytes());
    a.layers = dissect_ethernet_frame(e.bytes());
    r.arrows.push_back(std::move(a));
  }
  return render_html_ladder(r);
}

}  // namespace ws::tool
