#include "journey_view.h"

#include <algorithm>

#include "wirestack/wire/dissection.h"
#include "wirestack/wire/frame_printer.h"

namespace ws::tool {
namespace {

// A frame reaches the next node within this: links here take at most 10 ms, reordering holds
// a frame 10 ms more; a retried ARP request (identical bytes) comes only a second later.
constexpr Duration kHopWindow = Duration::millis(500);

bool is_frame(const RecordedEvent& e, FrameEvent::Direction d) {
  const auto* f = std::get_if<FrameEvent>(&e.data());
  return f != nullptr && f->direction == d;
}

std::string field(const Dissection& d, std::string_view name) {
  const std::string* v = d.find(name);
  return v ? *v : std::string();
}

// The application-level words of a frame: what tcpdump prints after the addresses for DNS,
// the first line of an HTTP message.
std::string application_text(Bytes frame, const Dissection& d) {
  if (d.find("dns.id")) {
    const std::string line = describe_frame(frame);
    const auto colon = line.find(": ");
    return "DNS " + (colon == std::string::npos ? line : line.substr(colon + 2));
  }
  const std::string* len = d.find("tcp.len");
  if (len == nullptr || *len == "0") return {};
  // The payload is the frame's tail.
  const std::size_t n = std::stoul(*len);
  if (n > frame.size()) return {};
  std::string text(reinterpret_cast<const char*>(frame.data() + frame.size() - n), n);
  const auto eol = text.find("\r\n");
  if (text.rfind("HTTP/", 0) != 0 && text.find(" HTTP/1.") == std::string::npos) {
    return std::to_string(n) + " bytes of data";
  }
  return "HTTP " + text.substr(0, eol) + "  (" + std::to_string(n) + " bytes)";
}

std::string tcp_flags(const std::string& hex) {
  const unsigned long flags = hex.empty() ? 0 : std::stoul(hex, nullptr, 16);
  std::string s;
  if (flags & 0x02) s += "SYN ";
  if (flags & 0x01) s += "FIN ";
  if (flags & 0x04) s += "RST ";
  if (flags & 0x08) s += "PSH ";
  if (flags & 0x10) s += "ACK ";
  if (!s.empty()) s.pop_back();
  return "[" + s + "]";
}

}  // namespace

std::vector<FrameHop> frame_hops(const std::vector<RecordedEvent>& events) {
  std::vector<FrameHop> hops;
  std::vector<bool> claimed(events.size(), false);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!is_frame(events[i], FrameEvent::Direction::kOut)) continue;
    FrameHop hop{i, {}};
    const Instant first_arrival_limit = events[i].time() + kHopWindow;
    std::optional<Instant> arrived;
    for (std::size_t j = i + 1; j < events.size(); ++j) {
      const RecordedEvent& e = events[j];
      if (e.time() > (arrived ? *arrived : first_arrival_limit)) break;
      if (claimed[j] || !is_frame(e, FrameEvent::Direction::kIn) || e.node() == events[i].node())
        continue;
      if (!std::ranges::equal(e.bytes(), events[i].bytes())) continue;
      claimed[j] = true;
      hop.received.push_back(j);
      arrived = e.time();  // a broadcast reaches the others at the same instant
    }
    hops.push_back(std::move(hop));
  }
  return hops;
}

std::vector<std::ptrdiff_t> hop_of_event(const std::vector<FrameHop>& hops, std::size_t events) {
  std::vector<std::ptrdiff_t> index(events, -1);
  for (std::size_t k = 0; k < hops.size(); ++k)
    index[hops[k].sent] = static_cast<std::ptrdiff_t>(k);
  return index;
}

std::vector<LayerLine> frame_layers(Bytes frame) {
  const Dissection d = dissect_ethernet_frame(frame);
  std::vector<LayerLine> lines;
  if (std::string app = application_text(frame, d); !app.empty())
    lines.push_back({Layer::kApplication, app});
  if (d.find("udp.srcport")) {
    lines.push_back({Layer::kTransport, "UDP  SP " + field(d, "udp.srcport") + " > DP " +
                                            field(d, "udp.dstport") + "  length " +
                                            field(d, "udp.length") + "  checksum " +
                                            field(d, "udp.checksum")});
  } else if (d.find("tcp.srcport")) {
    lines.push_back({Layer::kTransport,
                     "TCP  SP " + field(d, "tcp.srcport") + " > DP " + field(d, "tcp.dstport") +
                         "  " + tcp_flags(field(d, "tcp.flags")) + "  seq " +
                         field(d, "tcp.seq_raw") + "  ack " + field(d, "tcp.ack_raw") + "  win " +
                         field(d, "tcp.window_size_value")});
  }
  if (d.find("ip.src")) {
    lines.push_back({Layer::kInternet, "IP   SA " + field(d, "ip.src") + " > DA " +
                                           field(d, "ip.dst") + "  TTL " + field(d, "ip.ttl")});
  } else if (d.find("arp.opcode")) {
    lines.push_back({Layer::kInternet, describe_frame(frame)});
  }
  lines.push_back({Layer::kNetworkAccess,
                   "Ethernet  MAC " + field(d, "eth.src") + " > " + field(d, "eth.dst")});
  return lines;
}

}  // namespace ws::tool
