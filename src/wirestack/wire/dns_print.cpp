// DNS in text: dig's presentation form and tcpdump's one-line summaries.
#include <algorithm>
#include <iterator>
#include <optional>

#include "wirestack/wire/dns.h"
#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

struct TypeName {
  std::uint16_t type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {1, "A"},      {2, "NS"},      {5, "CNAME"},  {6, "SOA"},   {12, "PTR"},
    {13, "HINFO"}, {15, "MX"},     {16, "TXT"},   {28, "AAAA"}, {33, "SRV"},
    {35, "NAPTR"}, {39, "DNAME"},  {41, "OPT"},   {43, "DS"},   {46, "RRSIG"},
    {47, "NSEC"},  {48, "DNSKEY"}, {50, "NSEC3"}, {52, "TLSA"}, {64, "SVCB"},
    {65, "HTTPS"}, {99, "SPF"},    {252, "AXFR"}, {255, "ANY"}, {257, "CAA"},
};

const char* known_type_name(std::uint16_t type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return nullptr;
}

std::string class_name(std::uint16_t c) {
  switch (c) {
    case 1:
      return "IN";
    case 3:
      return "CH";
    case 4:
      return "HS";
    default:
      return strprintf("CLASS%u", c);
  }
}

// A character-string in quotes (RFC 1035 §5.1), as dig prints TXT data.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < ' ' || c >= 0x7f) {
      out += strprintf("\\%03u", c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// print-domain.c's ns_ops[] and ns_rcode().
std::string tcpdump_opcode(std::uint8_t op) {
  static constexpr const char* kOps[] = {"", " inv_q", " stat", " op3", " notify", " update"};
  if (op < std::size(kOps)) return kOps[op];
  return strprintf(" op%u", op);
}
std::string tcpdump_rcode(std::uint8_t rc) {
  static constexpr const char* kCodes[] = {"",         " FormErr", " ServFail", " NXDomain",
                                           " NotImp",  " Refused", " YXDomain", " YXRRSet",
                                           " NXRRSet", " NotAuth", " NotZone"};
  if (rc < std::size(kCodes)) return kCodes[rc];
  return strprintf(" Resp%u", rc);
}
std::string tcpdump_type(std::uint16_t type) {
  const char* n = known_type_name(type);
  return n ? n : strprintf("Type%u", type);
}

// One record of the answer section as tcpdump prints it without -v (ns_rprint).
std::string tcpdump_record(const DnsRecord& r) {
  std::string s = " " + tcpdump_type(r.type);
  if (r.type == rr_type::kOpt) return s + strprintf(" UDPsize=%u", r.rclass);
  if (r.rclass != kClassIn) s = " " + class_name(r.rclass) + s;
  if (const auto* a = std::get_if<Ipv4Address>(&r.data)) return s + " " + a->to_string();
  if (const auto* a = std::get_if<Ipv6Bytes>(&r.data)) return s + " " + ipv6_to_string(*a);
  if (const auto* n = std::get_if<DnsName>(&r.data)) return s + " " + n->to_string();
  if (const auto* t = std::get_if<TxtData>(&r.data)) {
    for (const auto& str : *t) s += " \"" + str + "\"";
  }
  return s;
}

}  // namespace

std::string type_name(std::uint16_t type) {
  const char* n = known_type_name(type);
  return n ? n : strprintf("TYPE%u", type);
}

std::optional<std::uint16_t> type_from_name(std::string_view name) {
  for (const auto& t : kTypeNames) {
    if (std::equal(name.begin(), name.end(), t.name,
                   t.name + std::char_traits<char>::length(t.name),
                   [](char a, char b) { return (a & ~0x20) == (b & ~0x20); })) {
      return t.type;
    }
  }
  return std::nullopt;
}

std::string rcode_name(std::uint8_t rc) {
  static constexpr const char* kNames[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                           "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                           "NXRRSET", "NOTAUTH", "NOTZONE"};
  if (rc < std::size(kNames)) return kNames[rc];
  return strprintf("RESERVED%u", rc);
}

// RFC 5952 §4: lowercase hex, leading zeros dropped, the longest run (>= 2) of zero groups as
// "::" (the first of equal runs).
std::string ipv6_to_string(const Ipv6Bytes& a) {
  unsigned groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = (unsigned{a[2 * i]} << 8) | a[2 * i + 1];
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  std::string s;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      s += "::";
      i += best_len - 1;
      continue;
    }
    if (!s.empty() && s.back() != ':') s += ':';
    s += strprintf("%x", groups[i]);
  }
  return s;
}

std::string DnsRecord::data_string() const {
  struct Visit {
    std::string operator()(const OpaqueData& d) const {  // RFC 3597 §5
      std::string s = strprintf("\\# %zu", d.size());
      if (!d.empty()) s += ' ';
      for (const std::uint8_t b : d) s += strprintf("%02X", b);
      return s;
    }
    std::string operator()(const Ipv4Address& a) const { return a.to_string(); }
    std::string operator()(const Ipv6Bytes& a) const { return ipv6_to_string(a); }
    std::string operator()(const DnsName& n) const { return n.to_string(); }
    std::string operator()(const SoaData& s) const {
      return strprintf("%s %s %u %u %u %u %u", s.mname.to_string().c_str(),
                       s.rname.to_string().c_str(), s.serial, s.refresh, s.retry, s.expire,
                       s.minimum);
    }
    std::string operator()(const TxtData& t) const {
      std::string s;
      for (const auto& str : t) s += (s.empty() ? "" : " ") + quoted(str);
      return s;
    }
  };
  return std::visit(Visit{}, data);
}

std::string DnsRecord::to_string() const {
  return strprintf("%s\t%u\t%s\t%s\t%s", name.to_string().c_str(), ttl, class_name(rclass).c_str(),
                   type_name(type).c_str(), data_string().c_str());
}

std::string DnsMessage::summary(std::size_t length) const {
  const DnsHeader& h = header;
  std::string s = std::to_string(h.id) + tcpdump_opcode(h.opcode);
  if (h.qr) {
    s += tcpdump_rcode(h.rcode);
    if (h.aa) s += '*';
    if (!h.ra) s += '-';
    if (h.tc) s += '|';
    if (h.ad) s += '$';
    if (questions.size() != 1) s += strprintf(" [%zuq]", questions.size());
    s += strprintf(" %zu/%zu/%zu", answers.size(), authority.size(), additional.size());
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (i != 0) s += ',';
      s += tcpdump_record(answers[i]);
    }
  } else {
    if (h.rd) s += '+';
    if (h.cd) s += '%';
    if (const std::uint16_t odd = h.flags() & 0x6cf) s += strprintf(" [b2&3=0x%x]", odd);
    if (!answers.empty()) s += strprintf(" [%zua]", answers.size());
    if (questions.size() != 1) s += strprintf(" [%zuq]", questions.size());
    if (!authority.empty()) s += strprintf(" [%zun]", authority.size());
    if (!additional.empty()) s += strprintf(" [%zuau]", additional.size());
    for (const auto& q : questions) {
      s += " " + tcpdump_type(q.type);
      if (q.qclass != kClassIn) s += " " + class_name(q.qclass);
      s += "? " + q.name.to_string();
    }
  }
  return s + strprintf(" (%zu)", length);
}

}  // namespace ws::dns
