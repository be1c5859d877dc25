#include "wirestack/application/dns/authoritative_server.h"

#include <algorithm>

namespace ws::dns {
namespace {

// CNAMEs followed inside one zone before giving up (a loop in the zone data).
constexpr int kMaxCnameChain = 8;

DnsMessage response_to(const DnsHeader& query) {
  DnsMessage r;
  r.header.id = query.id;
  r.header.qr = true;
  r.header.opcode = query.opcode;
  r.header.rd = query.rd;
  r.header.cd = query.cd;
  return r;
}

// RFC 2308 §3: the SOA in a negative answer carries min(SOA TTL, SOA MINIMUM).
DnsRecord negative_soa(const Zone& zone) {
  DnsRecord soa = zone.soa();
  soa.ttl = std::min(soa.ttl, std::get<SoaData>(soa.data).minimum);
  return soa;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> AuthoritativeServer::answer(Bytes query) {
  ++counters_.queries;
  auto packet = DnsPacket::check(query);
  if (!packet || DnsHeader::from_flags(0, packet->flags()).qr) {
    ++counters_.dropped;
    return std::nullopt;
  }
  auto parsed = DnsMessage::parse(*packet);
  if (!parsed) {  // RFC 1035 §4.1.1: FORMERR, echoing the id we could read
    ++counters_.formerr;
    DnsMessage r = response_to(DnsHeader::from_flags(packet->id(), packet->flags()));
    r.header.rcode = rcode::kFormErr;
    return r.emit(kClassicUdpSize);
  }
  --counters_.queries;  // counted again below
  const DnsMessage response = answer(*parsed);
  return response.emit(std::min<std::size_t>(parsed->max_udp_size(), kEdnsUdpSize));
}

DnsMessage AuthoritativeServer::answer(const DnsMessage& query) {
  ++counters_.queries;
  DnsMessage r = response_to(query.header);
  r.questions = query.questions;
  if (query.opt()) r.additional.push_back(DnsRecord::opt(kEdnsUdpSize));
  if (query.header.opcode != opcode::kQuery) {
    ++counters_.notimp;
    r.header.rcode = rcode::kNotImp;
    return r;
  }
  if (query.questions.size() != 1 || query.header.qr) {
    ++counters_.formerr;
    r.header.rcode = rcode::kFormErr;
    return r;
  }
  const DnsQuestion& q = query.questions[0];
  const Zone* zone = q.qclass == kClassIn ? zone_for(q.name) : nullptr;
  if (!zone) {
    ++counters_.refused;
    r.header.rcode = rcode::kRefused;
    return r;
  }
  resolve_in_zone(*zone, q, r);
  return r;
}

const Zone* AuthoritativeServer::zone_for(const DnsName& name) const {
  const Zone* best = nullptr;
  for (const auto& z : zones_) {
    if (name.is_subdomain_of(z.origin()) &&
        (!best || z.origin().label_count() > best->origin().label_count())) {
      best = &z;
    }
  }
  return best;
}

// RFC 1034 §4.3.2 step 3, without wildcards.
void AuthoritativeServer::resolve_in_zone(const Zone& zone, const DnsQuestion& q,
                                          DnsMessage& r) {
  DnsName name = q.name;
  for (int chain = 0; chain <= kMaxCnameChain; ++chain) {
    if (const DnsName* cut = zone.delegation_for(name)) {
      if (chain == 0) add_referral(zone, *cut, r);  // after a CNAME: the resolver continues
      return;
    }
    r.header.aa = true;
    if (!zone.name_exists(name)) {
      ++counters_.nxdomain;
      r.header.rcode = rcode::kNxDomain;
      r.authority.push_back(negative_soa(zone));
      return;
    }
    const auto& records = zone.records_at(name);
    const DnsRecord* cname = nullptr;
    bool found = false;
    for (const auto& rec : records) {
      if (rec.type == q.type || q.type == rr_type::kAny) {
        r.answers.push_back(rec);
        found = true;
      } else if (rec.type == rr_type::kCname) {
        cname = &rec;
      }
    }
    if (found) {
      ++counters_.answers;
      return;
    }
    if (!cname) {
      ++counters_.nodata;
      r.authority.push_back(negative_soa(zone));
      return;
    }
    r.answers.push_back(*cname);
    name = *cname->target();
    if (!name.is_subdomain_of(zone.origin())) {  // the resolver follows it elsewhere
      ++counters_.answers;
      return;
    }
  }
  r.header.rcode = rcode::kServFail;  // a CNAME loop in the zone
}

void AuthoritativeServer::add_referral(const Zone& zone, const DnsName& cut, DnsMessage& r) {
  ++counters_.referrals;
  for (const auto& ns : zone.records_at(cut)) {
    if (ns.type != rr_type::kNs) continue;
    r.authority.push_back(ns);
    // Glue: addresses of name servers inside the delegated zone (RFC 1034 §4.2.1).
    const DnsName& target = *ns.target();
    if (!target.is_subdomain_of(zone.origin())) continue;
    for (const auto& rec : zone.records_at(target)) {
      if (rec.type == rr_type::kA || rec.type == rr_type::kAaaa) r.additional.push_back(rec);
    }
  }
}

}  // namespace ws::dns
