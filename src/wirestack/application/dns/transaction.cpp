#include "wirestack/application/dns/transaction.h"

#include <algorithm>

namespace ws::dns {

Datagram Transaction::datagram(bool rd) const {
  const DnsMessage q = make_query(id, question.name, question.type, rd, 1232);
  return Datagram{server, kPort, local_port, q.emit()};
}

bool Transaction::matches(Ipv4Address from, std::uint16_t from_port, std::uint16_t to_port,
                          const DnsMessage& response) const {
  return from == server && from_port == kPort && to_port == local_port &&
         response.header.qr && response.header.id == id && response.questions.size() == 1 &&
         response.questions[0] == question;
}

const char* to_string(ResponseDrop drop) {
  switch (drop) {
    case ResponseDrop::kUnexpected:
      return "unexpected";
    case ResponseDrop::kMalformed:
      return "malformed";
    case ResponseDrop::kMismatched:
      return "mismatched";
  }
  return "?";
}

void ResponseDropCounters::count(ResponseDrop drop) {
  switch (drop) {
    case ResponseDrop::kUnexpected:
      ++unexpected;
      break;
    case ResponseDrop::kMalformed:
      ++malformed;
      break;
    case ResponseDrop::kMismatched:
      ++mismatched;
      break;
  }
}

Result<DnsMessage, ResponseDrop> accept_response(const Transaction* tx, Ipv4Address from,
                                                 std::uint16_t from_port, std::uint16_t local_port,
                                                 Bytes payload) {
  if (!tx) return Err{ResponseDrop::kUnexpected};
  auto m = DnsMessage::parse(payload);
  if (!m) return Err{ResponseDrop::kMalformed};
  if (!tx->matches(from, from_port, local_port, *m)) return Err{ResponseDrop::kMismatched};
  return std::move(*m);
}

std::vector<Ipv4Address> Resolution::addresses() const {
  std::vector<Ipv4Address> out;
  for (const auto& r : answers) {
    if (const auto* a = std::get_if<Ipv4Address>(&r.data)) out.push_back(*a);
  }
  return out;
}

bool follow_answers(const std::vector<DnsRecord>& records, DnsName& name, std::uint16_t type,
                    std::vector<DnsRecord>& chain, int& cnames_left) {
  while (true) {
    bool found = false;
    const DnsRecord* cname = nullptr;
    for (const auto& r : records) {
      if (!(r.name == name)) continue;
      if (r.type == type) {
        chain.push_back(r);
        found = true;
      } else if (r.type == rr_type::kCname && !cname) {
        cname = &r;
      }
    }
    if (found) return true;
    if (!cname || cnames_left-- <= 0) return false;
    chain.push_back(*cname);
    name = *cname->target();
  }
}

void cache_rrsets(DnsCache& cache, const std::vector<DnsRecord>& records,
                  const DnsName& bailiwick, Instant now) {
  std::vector<bool> done(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (done[i] || records[i].type == rr_type::kOpt) continue;
    std::vector<DnsRecord> rrset;
    for (std::size_t j = i; j < records.size(); ++j) {
      if (records[j].name == records[i].name && records[j].type == records[i].type) {
        rrset.push_back(records[j]);
        done[j] = true;
      }
    }
    if (records[i].name.is_subdomain_of(bailiwick)) cache.put(rrset, now);
  }
}

std::vector<DnsRecord> negative_soa(const DnsMessage& response) {
  for (const auto& r : response.authority) {
    if (std::holds_alternative<SoaData>(r.data)) {
      DnsRecord soa = r;
      soa.ttl = negative_ttl(response);
      return {soa};
    }
  }
  return {};
}

std::uint32_t negative_ttl(const DnsMessage& response) {
  for (const auto& r : response.authority) {
    if (const auto* soa = std::get_if<SoaData>(&r.data)) return std::min(r.ttl, soa->minimum);
  }
  return 0;
}

}  // namespace ws::dns
