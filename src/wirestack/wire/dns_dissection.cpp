#include "wirestack/wire/dns_dissection.h"

#include "wirestack/wire/dns.h"
#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

// tshark's name text: no trailing dot, "<Root>" for the root.
std::string tshark_name(const DnsName& n) {
  if (n.is_root()) return "<Root>";
  std::string s = n.to_string();
  s.pop_back();
  return s;
}

std::string flag(bool b) {
  return b ? "1" : "0";
}

void add_record(DissectedLayer& layer, const DnsRecord& r) {
  layer.add("dns.resp.name", tshark_name(r.name));
  layer.add("dns.resp.type", std::to_string(r.type));
  if (r.type == rr_type::kOpt) return;
  layer.add("dns.resp.ttl", std::to_string(r.ttl));
  switch (r.type) {
    case rr_type::kA:
      layer.add("dns.a", r.data_string());
      break;
    case rr_type::kAaaa:
      layer.add("dns.aaaa", r.data_string());
      break;
    case rr_type::kCname:
      if (r.target()) layer.add("dns.cname", tshark_name(*r.target()));
      break;
    case rr_type::kNs:
      if (r.target()) layer.add("dns.ns", tshark_name(*r.target()));
      break;
    case rr_type::kPtr:
      if (r.target()) layer.add("dns.ptr.domain_name", tshark_name(*r.target()));
      break;
    default:
      break;
  }
}

}  // namespace

DissectedLayer dissect_dns(Bytes message) {
  DissectedLayer layer{"dns", "Domain Name System", {}, {}};
  auto packet = DnsPacket::check(message);
  if (!packet) {
    layer.error = ParseError::kTruncated;
    return layer;
  }
  const DnsHeader h = DnsHeader::from_flags(packet->id(), packet->flags());
  layer.add("dns.id", strprintf("0x%04x", h.id));
  layer.add("dns.flags", strprintf("0x%04x", packet->flags()));
  layer.add("dns.flags.response", flag(h.qr));
  layer.add("dns.flags.opcode", std::to_string(h.opcode));
  if (h.qr) layer.add("dns.flags.authoritative", flag(h.aa));  // responses only, as tshark
  layer.add("dns.flags.truncated", flag(h.tc));
  layer.add("dns.flags.recdesired", flag(h.rd));
  if (h.qr) layer.add("dns.flags.recavail", flag(h.ra));
  if (h.qr) layer.add("dns.flags.rcode", std::to_string(h.rcode));
  layer.add("dns.count.queries", std::to_string(packet->qdcount()));
  layer.add("dns.count.answers", std::to_string(packet->ancount()));
  layer.add("dns.count.auth_rr", std::to_string(packet->nscount()));
  layer.add("dns.count.add_rr", std::to_string(packet->arcount()));
  auto m = DnsMessage::parse(*packet);
  if (!m) {
    layer.error = ParseError::kMalformed;
    return layer;
  }
  for (const auto& q : m->questions) {
    layer.add("dns.qry.name", tshark_name(q.name));
    layer.add("dns.qry.type", std::to_string(q.type));
    layer.add("dns.qry.class", strprintf("0x%04x", q.qclass));
  }
  for (const auto* section : {&m->answers, &m->authority, &m->additional}) {
    for (const auto& r : *section) add_record(layer, r);
  }
  return layer;
}

}  // namespace ws::dns
