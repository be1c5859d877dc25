#include "journey_narration.h"

#include <cstdarg>
#include <string>
#include <vector>

#include "journey_view.h"
#include "wirestack/trace/event_summary.h"
#include "wirestack/wire/dissection.h"
#include "wirestack/wire/frame_printer.h"

namespace ws::tool {
namespace {

constexpr std::size_t kWidth = 96;

// Display columns of UTF-8 text: Hangul syllables take two.
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xc0) == 0x80) continue;
    n += (c >= 0xea && c <= 0xed) ? 2 : 1;
  }
  return n;
}

class Narrator {
 public:
  Narrator(std::FILE* out, const sim::Journey& journey, const NarrationOptions& options)
      : out_(out),
        j_(journey),
        o_(options),
        ui_(sim::ui_text(options.lang)),
        hops_(frame_hops(journey.events())),
        hop_index_(hop_of_event(hops_, journey.events().size())) {}

  void run();

 private:
  const char* on(const char* code) const { return o_.colour ? code : ""; }
  const char* off() const { return o_.colour ? "\x1b[0m" : ""; }
  void wrap(const std::string& text, const char* indent);
  void heading(const std::string& text);
  void step_heading(int step);
  void tables_at(std::size_t event);
  void event_line(std::size_t i, int section);
  void frame_line(std::size_t i, const std::string& tag);
  void layers(std::size_t i);
  std::string forwarding_route(std::size_t i) const;
  void skipped_steps();
  void summary();
  bool shown(const Event& e) const;
  bool layered(std::size_t i) const;
  void pause();

  std::FILE* out_;
  const sim::Journey& j_;
  NarrationOptions o_;
  const sim::UiText& ui_;
  std::vector<FrameHop> hops_;
  std::vector<std::ptrdiff_t> hop_index_;
  bool introduced_[sim::kLastStep + 1] = {};
  std::size_t next_table_ = 0;
};

void Narrator::wrap(const std::string& text, const char* indent) {
  std::string line;
  std::size_t width = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::size_t w = columns(word);
    if (!line.empty() && width + 1 + w > kWidth - columns(indent)) {
      std::fprintf(out_, "%s%s\n", indent, line.c_str());
      line.clear();
      width = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++width;
    }
    line += word;
    width += w;
    start = end + 1;
  }
  if (!line.empty()) std::fprintf(out_, "%s%s\n", indent, line.c_str());
}

void Narrator::heading(const std::string& text) {
  const std::size_t w = columns(text) + 4;
  std::string rule;
  for (std::size_t i = w; i < kWidth; ++i) rule += "─";
  std::fprintf(out_, "\n%s── %s %s%s\n", on("\x1b[1m"), text.c_str(), rule.c_str(), off());
}

void Narrator::pause() {
  if (!o_.pause) return;
  std::fprintf(out_, "%s", ui_.press_enter);
  std::fflush(out_);
  for (int c = std::getchar(); c != '\n' && c != EOF; c = std::getchar()) {
  }
}

void Narrator::step_heading(int step) {
  const sim::StepText& t = sim::step_text(o_.lang, step);
  heading("S" + std::to_string(step) + " · " + t.title);
  wrap(t.story, "  ");
  if (*t.really) {
    std::fprintf(out_, "  %s%s:%s\n", on("\x1b[3m"), ui_.really_label, off());
    wrap(t.really, "    ");
  }
  std::fputc('\n', out_);
}

void Narrator::tables_at(std::size_t event) {
  const auto& tables = j_.tables();
  for (; next_table_ < tables.size() && tables[next_table_].event <= event; ++next_table_) {
    std::fprintf(out_, "%s      ┌ %s%s\n", on("\x1b[2m"), tables[next_table_].title.c_str(), off());
    std::string text = tables[next_table_].text;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::fprintf(out_, "%s      │ %s%s\n", on("\x1b[2m"), text.substr(start, end - start).c_str(),
                   off());
      start = end + 1;
    }
  }
}

// Frames appear once, as they are sent; the ARP requests and replies they carry are not
// repeated as ARP events; everything else (routes, NAT, states, drops) is shown.
bool Narrator::shown(const Event& e) const {
  if (const auto* f = std::get_if<FrameEvent>(&e.data))
    return f->direction == FrameEvent::Direction::kOut;
  if (const auto* a = std::get_if<ArpEvent>(&e.data)) {
    return a->what != ArpEvent::What::kRequestSent && a->what != ArpEvent::What::kReplySent &&
           a->what != ArpEvent::What::kRequestReceived &&
           a->what != ArpEvent::What::kReplyReceived && a->what != ArpEvent::What::kCacheExpired;
  }
  // A router's lookup is told on its forwarding line (below).
  if (const auto* r = std::get_if<RouteEvent>(&e.data)) return !r->forwarded;
  return true;
}

// The packets seen through the four layers: those the endpoints send, and the NAT router's
// (before and after the rewrite).
bool Narrator::layered(std::size_t i) const {
  const std::string& node = j_.events()[i].node();
  return o_.detail || node == j_.path_order().front() || node == j_.path_order().back() ||
         node == "home-router";
}

void Narrator::frame_line(std::size_t i, const std::string& tag) {
  const RecordedEvent& e = j_.events()[i];
  std::string to;
  const FrameHop& hop = hops_[static_cast<std::size_t>(hop_index_[i])];
  for (std::size_t r : hop.received) to += (to.empty() ? "" : ",") + j_.events()[r].node();
  if (to.empty()) to = "✗";
  const std::string who = e.node() + " > " + to;
  std::fprintf(out_, "  %12s  %-26s %s%s\n", format_seconds(e.time()).c_str(), who.c_str(),
               describe_frame(e.bytes()).c_str(), tag.c_str());
  if (layered(i)) layers(i);
}

void Narrator::layers(std::size_t i) {
  const Bytes frame = j_.events()[i].bytes();
  for (const LayerLine& l : frame_layers(frame)) {
    std::fprintf(out_, "  %12s  %s%-16s%s %s\n", "", on("\x1b[36m"),
                 sim::layer_name(o_.lang, l.layer), off(), l.text.c_str());
  }
  if (!o_.detail) return;
  for (const DissectedLayer& layer : dissect_ethernet_frame(frame).layers) {
    std::fprintf(out_, "  %12s    %s\n", "", layer.title.c_str());
    for (const DissectedField& f : layer.fields)
      std::fprintf(out_, "  %12s      %s = %s\n", "", f.name.c_str(), f.value.c_str());
  }
}

void Narrator::event_line(std::size_t i, int section) {
  const RecordedEvent& r = j_.events()[i];
  const Event e = r.event();
  if (!shown(e)) return;
  const int step = j_.verdicts()[i].step;
  const std::string tag = step != section && step != 0 ? "  [S" + std::to_string(step) + "]" : "";
  if (std::holds_alternative<FrameEvent>(e.data)) return frame_line(i, tag);
  const bool drop = std::holds_alternative<DropEvent>(e.data);
  std::string text = event_summary(e);
  if (std::holds_alternative<ForwardEvent>(e.data)) text += ", " + forwarding_route(i);
  std::fprintf(out_, "%s  %12s  %-26s %s%s%s\n", drop ? on("\x1b[31m") : on("\x1b[2m"),
               format_seconds(r.time()).c_str(), r.node().c_str(), text.c_str(), tag.c_str(),
               off());
}

// The route lookup that decided a forwarding (the node's RouteEvent just before it).
std::string Narrator::forwarding_route(std::size_t i) const {
  for (std::size_t k = i; k-- > 0;) {
    const RecordedEvent& r = j_.events()[k];
    if (r.node() != j_.events()[i].node()) continue;
    if (const auto* route = std::get_if<RouteEvent>(&r.data())) {
      std::string s = "route " + route->matched.to_string();
      if (route->next_hop != route->dst) s += " gateway " + route->next_hop.to_string();
      return s;
    }
  }
  return {};
}

void Narrator::skipped_steps() {
  bool any = false;
  for (int s = sim::kFirstStep; s <= sim::kLastStep; ++s) {
    bool seen = false;
    for (const auto& v : j_.verdicts()) seen = seen || v.step == s;
    const sim::StepText& t = sim::step_text(o_.lang, s);
    if (seen || !*t.warm) continue;
    if (!any) heading(std::string(ui_.warm_label) + ": " + ui_.skipped);
    any = true;
    std::fprintf(out_, "  S%d · %s\n", s, t.title);
    wrap(t.warm, "      ");
  }
}

void Narrator::summary() {
  const sim::JourneyResult& r = j_.result();
  heading(ui_.summary);
  char buf[256];
  if (r.address) {
    std::snprintf(buf, sizeof buf, ui_.resolved, j_.options().url.host.c_str(),
                  r.address->to_string().c_str());
    std::fprintf(out_, "  %s\n", buf);
  }
  if (r.status != 0) std::fprintf(out_, "  %s: %d\n", ui_.status, r.status);
  if (j_.options().lose_last_ack) wrap(ui_.lose_last_ack, "  ");
  if (r.closed) wrap(ui_.time_wait_done, "  ");
  if (!r.error.empty())
    std::fprintf(out_, "  %s%s%s%s\n", on("\x1b[31m"), ui_.stopped, r.error.c_str(), off());
  if (!r.body.empty()) {
    std::fprintf(out_, "\n  %s:\n", ui_.page);
    std::fputs(r.body.c_str(), out_);
    if (r.body.back() != '\n') std::fputc('\n', out_);
  }
}

void Narrator::run() {
  char title[256];
  std::snprintf(title, sizeof title, ui_.title, j_.options().url.host.c_str());
  std::fprintf(out_, "%s%s%s\n", on("\x1b[1m"), title, off());
  if (j_.options().warm) wrap(ui_.warm_intro, "");
  heading(std::string(ui_.before) + " (S2, S3)");
  for (int s : {2, 3}) {
    const sim::StepText& t = sim::step_text(o_.lang, s);
    std::fprintf(out_, "  S%d · %s\n", s, t.title);
    wrap(t.story, "    ");
    if (*t.really) {
      std::fprintf(out_, "    %s:\n", ui_.really_label);
      wrap(t.really, "      ");
    }
    introduced_[s] = true;
  }
  tables_at(0);
  if (j_.options().warm) skipped_steps();
  int section = 0;
  for (std::size_t i = 0; i < j_.events().size(); ++i) {
    const int step = j_.verdicts()[i].step;
    if (step != 0 && !introduced_[step]) {
      introduced_[step] = true;
      section = step;
      pause();
      step_heading(step);
    }
    event_line(i, section);
    tables_at(i + 1);
  }
  summary();
}

}  // namespace

void narrate(std::FILE* out, const sim::Journey& journey, const NarrationOptions& options) {
  Narrator(out, journey, options).run();
}

}  // namespace ws::tool
