#include "wirestack/trace/jsonl_renderer.h"

#include <cstdio>

#include "wirestack/trace/event_summary.h"

namespace ws {
namespace {

void append_hex(std::string& out, Bytes bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += '"';
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  out += '"';
}

void field(std::string& out, const char* key) {
  out += ",\"";
  out += key;
  out += "\":";
}

void tcp_endpoints(std::string& out, const TcpEndpoints& e) {
  field(out, "local");
  append_json_string(out, e.local.to_string() + ":" + std::to_string(e.local_port));
  field(out, "remote");
  append_json_string(out, e.remote.to_string() + ":" + std::to_string(e.remote_port));
}

const char* dns_what(DnsEvent::What what) {
  switch (what) {
    case DnsEvent::What::kQuerySent:
      return "query_sent";
    case DnsEvent::What::kResponseReceived:
      return "response_received";
    case DnsEvent::What::kReferral:
      return "referral";
    case DnsEvent::What::kCacheHit:
      return "cache_hit";
    case DnsEvent::What::kResolved:
      return "resolved";
    case DnsEvent::What::kTimeout:
      return "timeout";
    case DnsEvent::What::kResponseDropped:
      return "response_dropped";
  }
  return "?";
}

struct Fields {
  std::string& out;
  void operator()(const FrameEvent& e) const {
    field(out, "direction");
    out += e.direction == FrameEvent::Direction::kIn ? "\"in\"" : "\"out\"";
    field(out, "ifname");
    append_json_string(out, e.ifname);
    field(out, "len");
    out += std::to_string(e.frame.size());
    field(out, "frame");
    append_hex(out, e.frame);
  }
  void operator()(const ArpEvent& e) const {
    field(out, "ip");
    append_json_string(out, e.ip.to_string());
    field(out, "mac");
    append_json_string(out, e.mac.to_string());
  }
  void operator()(const RouteEvent& e) const {
    field(out, "dst");
    append_json_string(out, e.dst.to_string());
    field(out, "route");
    append_json_string(out, e.matched.to_string());
    field(out, "next_hop");
    append_json_string(out, e.next_hop.to_string());
    field(out, "ifindex");
    out += std::to_string(e.ifindex);
  }
  void operator()(const ForwardEvent& e) const {
    field(out, "src");
    append_json_string(out, e.src.to_string());
    field(out, "dst");
    append_json_string(out, e.dst.to_string());
    field(out, "ttl_in");
    out += std::to_string(e.ttl_in);
    field(out, "ttl_out");
    out += std::to_string(e.ttl_out);
  }
  void operator()(const IcmpEvent& e) const {
    field(out, "type");
    out += std::to_string(e.type);
    field(out, "code");
    out += std::to_string(e.code);
    field(out, "src");
    append_json_string(out, e.src.to_string());
    field(out, "dst");
    append_json_string(out, e.dst.to_string());
  }
  void operator()(const DropEvent& e) const {
    field(out, "reason");
    append_json_string(out, to_string(e.reason));
  }
  void operator()(const TcpStateEvent& e) const {
    tcp_endpoints(out, e.endpoints);
    field(out, "from");
    append_json_string(out, e.from);
    field(out, "to");
    append_json_string(out, e.to);
  }
  void operator()(const TcpRetransmitEvent& e) const {
    tcp_endpoints(out, e.endpoints);
    field(out, "seq");
    out += std::to_string(e.seq);
    field(out, "len");
    out += std::to_string(e.len);
    field(out, "timeout");
    out += e.timeout ? "true" : "false";
  }
  void operator()(const NatEvent& e) const {
    field(out, "what");
    append_json_string(out, e.what == NatEvent::What::kCreated ? "created"
                            : e.what == NatEvent::What::kUsed  ? "used"
                                                               : "expired");
    field(out, "protocol");
    out += std::to_string(e.protocol);
    field(out, "inside");
    append_json_string(out, e.inside.to_string() + ":" + std::to_string(e.inside_port));
    field(out, "outside");
    append_json_string(out, e.outside.to_string() + ":" + std::to_string(e.outside_port));
    field(out, "remote");
    append_json_string(out, e.remote.to_string() + ":" + std::to_string(e.remote_port));
  }
  void operator()(const HttpEvent& e) const {
    tcp_endpoints(out, e.endpoints);
    field(out, "method");
    append_json_string(out, e.method);
    field(out, "target");
    append_json_string(out, e.target);
    if (e.status != 0) {
      field(out, "status");
      out += std::to_string(e.status);
    }
    field(out, "content_bytes");
    out += std::to_string(e.content_bytes);
  }
  void operator()(const DnsEvent& e) const {
    field(out, "what");
    append_json_string(out, dns_what(e.what));
    field(out, "name");
    append_json_string(out, e.name);
    field(out, "type");
    out += std::to_string(e.type);
    field(out, "server");
    append_json_string(out, e.server.to_string());
    field(out, "id");
    out += std::to_string(e.id);
    field(out, "local_port");
    out += std::to_string(e.local_port);
    field(out, "rcode");
    out += std::to_string(e.rcode);
    field(out, "answers");
    out += std::to_string(e.answers);
    field(out, "bytes");
    out += std::to_string(e.bytes);
    if (!e.zone.empty()) {
      field(out, "zone");
      append_json_string(out, e.zone);
    }
    if (*e.reason != '\0') {
      field(out, "reason");
      append_json_string(out, e.reason);
    }
  }
};

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void JsonlRenderer::on_event(const Event& event) {
  line_.clear();
  line_ += "{\"time\":";
  char t[32];
  std::snprintf(t, sizeof t, "%.9f", static_cast<double>(event.time.nanos()) / 1e9);
  line_ += t;
  field(line_, "node");
  append_json_string(line_, event.node);
  field(line_, "layer");
  append_json_string(line_, to_string(event.layer));
  field(line_, "protocol");
  append_json_string(line_, event_protocol(event));
  field(line_, "kind");
  append_json_string(line_, event_kind(event));
  field(line_, "summary");
  append_json_string(line_, event_summary(event));
  std::visit(Fields{line_}, event.data);
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), out_);
}

}  // namespace ws
