#include "wirestack/trace/html_ladder.h"

#include <algorithm>
#include <cstdio>

#include "wirestack/trace/jsonl_renderer.h"

namespace ws {
namespace {

constexpr int kLaneWidth = 118;
constexpr int kLeft = 96;  // room for the time and the step at each row
constexpr int kTop = 58;   // the lane names
constexpr int kRow = 24;
constexpr int kSlope = 12;  // an arrow descends this much: time passes on the way

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

int lane_x(std::size_t lane) {
  return kLeft + static_cast<int>(lane) * kLaneWidth + kLaneWidth / 2;
}

std::string num(int v) {
  return std::to_string(v);
}

std::string style(const LadderReport& r) {
  std::string s =
      "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2937;background:#fafafa}"
      "header{padding:14px 20px;background:#111827;color:#f9fafb}header h1{margin:0;font-size:20px}"
      "header p{margin:4px 0 0;color:#d1d5db}"
      ".legend{display:flex;gap:14px;flex-wrap:wrap;padding:8px 20px;border-bottom:1px solid "
      "#e5e7eb}"
      ".legend span{display:inline-flex;align-items:center;gap:6px}"
      ".legend i{width:22px;height:4px;display:inline-block;border-radius:2px}"
      ".main{display:grid;grid-template-columns:minmax(0,1fr) 430px;gap:0}"
      ".ladder{overflow:auto;max-height:82vh;border-right:1px solid #e5e7eb;background:#fff}"
      ".panel{padding:12px 16px;overflow:auto;max-height:82vh}"
      ".panel h3{margin:10px 0 4px;font-size:14px}.panel code{font-size:12px}"
      ".panel table{border-collapse:collapse;font:12px ui-monospace,monospace}"
      ".panel td{padding:1px 8px 1px 0;vertical-align:top}.panel td:first-child{color:#6b7280}"
      "g.arrow{cursor:pointer}g.arrow:hover line{stroke-width:3}g.arrow.sel line{stroke-width:3.5}"
      "g.arrow text{font:11px ui-monospace,monospace;fill:#374151}"
      ".lane text{font:bold 12px system-ui,sans-serif;fill:#111827}.lane .d{font:10px "
      "ui-monospace,monospace;fill:#6b7280}"
      ".row text{font:10px ui-monospace,monospace;fill:#9ca3af}"
      ".step text{font:bold 11px system-ui,sans-serif;fill:#1d4ed8;cursor:pointer}"
      "section{padding:6px 20px 10px;border-top:1px solid #e5e7eb;background:#fff}"
      "section h2{font-size:16px;margin:10px 0 4px}section .label{color:#1d4ed8;margin-right:6px}"
      "section .note{border-left:3px solid #f59e0b;padding:2px "
      "10px;color:#4b5563;background:#fffbeb}"
      "pre{background:#f3f4f6;padding:8px;font-size:12px;overflow:auto}"
      ".tables summary{cursor:pointer;color:#374151}";
  for (const auto& p : r.phases) {
    s += ".ph-" + p.key + " line{stroke:" + p.colour + "}.ph-" + p.key + " .head{fill:" + p.colour +
         "}";
  }
  return s;
}

std::string svg(const LadderReport& r) {
  const int width = kLeft + static_cast<int>(r.lanes.size()) * kLaneWidth + 10;
  const int height = kTop + static_cast<int>(r.arrows.size()) * kRow + 20;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"ladder\" width=\"" + num(width) +
                  "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " +
                  num(height) + "\">";
  for (std::size_t i = 0; i < r.lanes.size(); ++i) {
    const int x = lane_x(i);
    s += "<g class=\"lane\"><text x=\"" + num(x) + "\" y=\"20\" text-anchor=\"middle\">" +
         escape(r.lanes[i].name) + "</text><text class=\"d\" x=\"" + num(x) +
         "\" y=\"36\" text-anchor=\"middle\">" + escape(r.lanes[i].detail) + "</text><line x1=\"" +
         num(x) + "\" y1=\"44\" x2=\"" + num(x) + "\" y2=\"" + num(height - 8) +
         "\" stroke=\"#d1d5db\" stroke-dasharray=\"4 3\"/></g>";
  }
  std::optional<std::size_t> section;
  for (std::size_t k = 0; k < r.arrows.size(); ++k) {
    const LadderArrow& a = r.arrows[k];
    const int y = kTop + static_cast<int>(k) * kRow;
    if (a.section && a.section != section) {
      section = a.section;
      s += "<g class=\"step\" data-section=\"" + num(static_cast<int>(*section)) +
           "\"><line x1=\"0\" y1=\"" + num(y - 6) + "\" x2=\"" + num(width) + "\" y2=\"" +
           num(y - 6) + "\" stroke=\"#bfdbfe\"/><text x=\"4\" y=\"" + num(y + 8) + "\">" +
           escape(r.sections[*section].label) + "</text></g>";
    }
    char t[32];
    std::snprintf(t, sizeof t, "%.6f", static_cast<double>(a.sent.nanos()) / 1e9);
    s += "<g class=\"row\"><text x=\"30\" y=\"" + num(y + 8) + "\">" + t + "</text></g>";
    s += "<g class=\"arrow ph-" + escape(a.phase) + "\" data-i=\"" + num(static_cast<int>(k)) +
         "\"><title>" + escape(a.summary) + "</title>";
    const int x1 = lane_x(a.from);
    // A lost frame stops halfway to the next lane, at a cross.
    std::vector<int> ends;
    for (std::size_t to : a.to) ends.push_back(lane_x(to));
    const bool lost = ends.empty();
    if (lost) ends.push_back(x1 + (a.from + 1 < r.lanes.size() ? kLaneWidth / 2 : -kLaneWidth / 2));
    int label_x = x1;
    for (int x2 : ends) {
      const int dir = x2 >= x1 ? 1 : -1;
      s += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x2 - dir * 4) +
           "\" y2=\"" + num(y + kSlope) + "\" stroke-width=\"2\"/>";
      if (lost) {
        s += "<text x=\"" + num(x2) + "\" y=\"" + num(y + kSlope + 4) +
             "\" text-anchor=\"middle\" fill=\"#dc2626\">✗</text>";
      } else {
        s += "<polygon class=\"head\" points=\"" + num(x2) + "," + num(y + kSlope) + " " +
             num(x2 - dir * 9) + "," + num(y + kSlope - 5) + " " + num(x2 - dir * 8) + "," +
             num(y + kSlope + 4) + "\"/>";
      }
      label_x = x2 > x1 ? std::max(label_x, x2) : std::min(label_x, x2);
    }
    const int mid = (x1 + label_x) / 2;
    s += "<text x=\"" + num(mid) + "\" y=\"" + num(y + 3) + "\" text-anchor=\"middle\">" +
         escape(a.label) + "</text></g>";
  }
  return s + "</svg>";
}

// The arrows' details for the script, as JSON (kept out of the markup).
std::string data_json(const LadderReport& r) {
  std::string j = "{\"arrows\":[";
  for (std::size_t k = 0; k < r.arrows.size(); ++k) {
    const LadderArrow& a = r.arrows[k];
    if (k) j += ",";
    j += "{\"summary\":";
    append_json_string(j, a.summary);
    j += ",\"from\":";
    append_json_string(j, r.lanes[a.from].name);
    j += ",\"to\":[";
    for (std::size_t i = 0; i < a.to.size(); ++i) {
      if (i) j += ",";
      append_json_string(j, r.lanes[a.to[i]].name);
    }
    j += "],\"section\":" + (a.section ? num(static_cast<int>(*a.section)) : std::string("null"));
    j += ",\"layers\":[";
    for (std::size_t l = 0; l < a.layers.layers.size(); ++l) {
      const DissectedLayer& layer = a.layers.layers[l];
      if (l) j += ",";
      j += "{\"title\":";
      append_json_string(j, layer.title);
      j += ",\"fields\":[";
      for (std::size_t f = 0; f < layer.fields.size(); ++f) {
        if (f) j += ",";
        j += "[";
        append_json_string(j, layer.fields[f].name);
        j += ",";
        append_json_string(j, layer.fields[f].value);
        j += "]";
      }
      j += "]}";
    }
    j += "]}";
  }
  j += "],\"sections\":[";
  for (std::size_t i = 0; i < r.sections.size(); ++i) {
    if (i) j += ",";
    append_json_string(j, r.sections[i].label + " · " + r.sections[i].heading);
  }
  j += "]}";
  // Never let the data close its own script element.
  std::string safe;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i] == '<') {
      safe += "\\u003c";
    } else {
      safe += j[i];
    }
  }
  return safe;
}

constexpr const char* kScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('ladder-data').textContent);
  var panel = document.getElementById('details');
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function show(k) {
    var a = data.arrows[k];
    if (!a) return;
    document.querySelectorAll('g.arrow.sel').forEach(function (g) { g.classList.remove('sel'); });
    var g = document.querySelector('g.arrow[data-i="' + k + '"]');
    if (g) g.classList.add('sel');
    panel.textContent = '';
    panel.appendChild(el('h3', a.from + ' \u2192 ' + (a.to.length ? a.to.join(', ') : '\u2717')));
    if (a.section !== null) {
      var link = el('a', data.sections[a.section]);
      link.href = '#s-' + a.section;
      panel.appendChild(link);
    }
    panel.appendChild(el('p')).appendChild(el('code', a.summary));
    a.layers.forEach(function (layer) {
      panel.appendChild(el('h3', layer.title));
      var table = el('table');
      layer.fields.forEach(function (f) {
        var tr = el('tr');
        tr.appendChild(el('td', f[0]));
        tr.appendChild(el('td', f[1]));
        table.appendChild(tr);
      });
      panel.appendChild(table);
    });
  }
  document.querySelectorAll('g.arrow').forEach(function (g) {
    g.addEventListener('click', function () { show(+g.getAttribute('data-i')); });
  });
  document.querySelectorAll('g.step').forEach(function (g) {
    g.addEventListener('click', function () {
      var s = document.getElementById('s-' + g.getAttribute('data-section'));
      if (s) s.scrollIntoView();
    });
  });
  if (data.arrows.length) show(0);
  document.body.setAttribute('data-ready', '1');
})();
)JS";

}  // namespace

std::string render_html_ladder(const LadderReport& r) {
  std::string h = "<!doctype html>\n<html lang=\"" + escape(r.lang) +
                  "\"><head><meta charset=\"utf-8\"><title>" + escape(r.title) + "</title>";
  // First, so that an error anywhere below is reported in the page itself.
  h += "<script>window.addEventListener('error',function(e){document.documentElement."
       "setAttribute('data-js-error',String(e.message));});</script>";
  h += "<style>" + style(r) + "</style></head><body>";
  h += "<header><h1>" + escape(r.title) + "</h1><p>" + escape(r.subtitle) + "</p></header>";
  h += "<div class=\"legend\">";
  for (const auto& p : r.phases) {
    h += "<span><i style=\"background:" + escape(p.colour) + "\"></i>" + escape(p.name) + "</span>";
  }
  h += "<span>" + escape(r.hint) + "</span></div>";
  h += "<div class=\"main\"><div class=\"ladder\">" + svg(r) +
       "</div><div class=\"panel\" id=\"details\"></div></div>";
  h += "<div id=\"narration\"><section><h2>" + escape(r.narration_heading) + "</h2></section>";
  for (std::size_t i = 0; i < r.sections.size(); ++i) {
    const LadderSection& s = r.sections[i];
    h += "<section id=\"s-" + num(static_cast<int>(i)) + "\"><h2><span class=\"label\">" +
         escape(s.label) + "</span>" + escape(s.heading) + "</h2>";
    for (const auto& p : s.paragraphs) h += "<p>" + escape(p) + "</p>";
    for (const auto& n : s.notes) h += "<p class=\"note\">" + escape(n) + "</p>";
    if (!s.tables.empty()) {
      h += "<details class=\"tables\"><summary>" + escape(r.tables_heading) + " (" +
           num(static_cast<int>(s.tables.size())) + ")</summary>";
      for (const auto& t : s.tables) {
        h += "<h4>" + escape(t.title) + "</h4><pre>" + escape(t.text) + "</pre>";
      }
      h += "</details>";
    }
    h += "</section>";
  }
  h += "</div><script type=\"application/json\" id=\"ladder-data\">" + data_json(r) + "</script>";
  h += "<script>" + std::string(kScript) + "</script></body></html>\n";
  return h;
}

}  // namespace ws
