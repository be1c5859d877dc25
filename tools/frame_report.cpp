#include "frame_report.h"

#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "wirestack/trace/jsonl_renderer.h"
#include "wirestack/wire/frame_printer.h"

namespace ws::tool {
namespace {

// "0.000123" (micro) or "0.000123456" (nano, as tshark prints frame.time_relative); a capture's
// clock may step back, so the offset can be negative.
std::string relative_seconds(Instant t, Instant since, bool nanos) {
  std::int64_t ns = (t - since).as_nanos();
  const char* sign = ns < 0 ? "-" : "";
  if (ns < 0) ns = -ns;
  char buf[40];
  if (nanos) {
    std::snprintf(buf, sizeof buf, "%s%lld.%09lld", sign, static_cast<long long>(ns / 1000'000'000),
                  static_cast<long long>(ns % 1000'000'000));
  } else {
    std::snprintf(buf, sizeof buf, "%s%lld.%06lld", sign, static_cast<long long>(ns / 1000'000'000),
                  static_cast<long long>(ns % 1000'000'000 / 1000));
  }
  return buf;
}

}  // namespace

std::string frame_line(const CapturedFrame& frame, Instant since) {
  std::string line = std::to_string(frame.number) + " " +
                     relative_seconds(frame.timestamp, since, false) + " " +
                     describe_frame(frame.data);
  if (frame.data.size() < frame.orig_len) {
    line += " [captured " + std::to_string(frame.data.size()) + " of " +
            std::to_string(frame.orig_len) + " bytes]";
  }
  return line;
}

std::string frame_detail(const CapturedFrame& frame, Instant since, const Dissection& d) {
  std::string out = frame_line(frame, since) + "\n";
  out += "  Frame " + std::to_string(frame.number) + ": " + std::to_string(frame.orig_len) +
         " bytes on wire, " + std::to_string(frame.data.size()) + " bytes captured\n";
  for (const auto& layer : d.layers) {
    out += "  " + layer.title + " (" + layer.name + ")\n";
    for (const auto& f : layer.fields) out += "    " + f.name + ": " + f.value + "\n";
    if (layer.error) out += "    error: " + std::string(to_string(*layer.error)) + "\n";
  }
  return out;
}

std::string frame_json(const CapturedFrame& frame, Instant since, const Dissection& d) {
  // Fields in order of first appearance, with every value of a repeated name.
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> fields;
  for (const auto& layer : d.layers) {
    for (const auto& f : layer.fields) {
      auto it = fields.begin();
      while (it != fields.end() && it->first != f.name) ++it;
      if (it == fields.end()) {
        fields.push_back({f.name, {f.value}});
      } else {
        it->second.push_back(f.value);
      }
    }
  }
  const std::string number = std::to_string(frame.number);
  const std::string time = relative_seconds(frame.timestamp, since, true);
  const std::string len = std::to_string(frame.orig_len);
  const std::string cap_len = std::to_string(frame.data.size());
  fields.insert(fields.begin(), {{"frame.number", {number}},
                                 {"frame.time_relative", {time}},
                                 {"frame.len", {len}},
                                 {"frame.cap_len", {cap_len}}});
  if (const auto* failed = d.failed_layer()) {
    fields.push_back({"error", {to_string(*failed->error)}});
    fields.push_back({"error.layer", {failed->name}});
  }

  std::string out = "{";
  for (const auto& [name, values] : fields) {
    if (out.size() > 1) out += ',';
    append_json_string(out, name);
    out += ':';
    if (values.size() == 1) {
      append_json_string(out, values.front());
      continue;
    }
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, values[i]);
    }
    out += ']';
  }
  out += '}';
  return out;
}

}  // namespace ws::tool
