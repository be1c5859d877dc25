#include "wirestack/application/dns/zone.h"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>

#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

struct Token {
  std::string text;
  bool quoted = false;
};

// One logical entry: tokens of a line, with parenthesised continuations joined (§5.1).
struct Entry {
  std::size_t line = 0;
  bool owner_blank = false;  // the entry starts with white space: the previous owner
  std::vector<Token> tokens;
};

Result<std::vector<Entry>, ZoneError> tokenize(std::string_view text) {
  std::vector<Entry> entries;
  Entry cur;
  std::size_t line = 1;
  int depth = 0;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (line_start && depth == 0) {
      cur = Entry{line, c == ' ' || c == '\t', {}};
      line_start = false;
    }
    if (c == '\n') {
      ++line;
      ++i;
      if (depth == 0) {
        if (!cur.tokens.empty()) entries.push_back(std::move(cur));
        line_start = true;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == ';') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '(') {
      ++depth, ++i;
    } else if (c == ')') {
      if (--depth < 0) return Err{ZoneError{line, "unbalanced ')'"}};
      ++i;
    } else if (c == '"') {
      Token t{"", true};
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\n') return Err{ZoneError{line, "unterminated string"}};
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        t.text += text[i];
      }
      if (i >= text.size()) return Err{ZoneError{line, "unterminated string"}};
      ++i;
      cur.tokens.push_back(std::move(t));
    } else {
      Token t;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != ';' && text[i] != '(' && text[i] != ')' && text[i] != '"') {
        t.text += text[i++];
      }
      cur.tokens.push_back(std::move(t));
    }
  }
  if (depth != 0) return Err{ZoneError{line, "unbalanced '('"}};
  if (!cur.tokens.empty()) entries.push_back(std::move(cur));
  return entries;
}

// "3600", or BIND's "1h30m" units (s, m, h, d, w).
std::optional<std::uint32_t> parse_ttl(std::string_view s) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  std::uint64_t total = 0, n = 0;
  bool digits = false;
  for (const char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      n = n * 10 + static_cast<unsigned>(c - '0');
      digits = true;
      if (n > 0xffffffffu) return std::nullopt;
      continue;
    }
    if (!digits) return std::nullopt;
    std::uint64_t unit = 0;
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 604800; break;
      default: return std::nullopt;
    }
    total += n * unit;
    n = 0;
    digits = false;
  }
  total += n;
  if (total > 0x7fffffffu) return std::nullopt;  // RFC 2181 §8
  return static_cast<std::uint32_t>(total);
}

class Parser {
 public:
  Parser(const DnsName& origin, std::uint32_t ttl) : origin_(origin), ttl_(ttl) {}

  Result<std::vector<DnsRecord>, ZoneError> run(const std::vector<Entry>& entries) {
    std::vector<DnsRecord> records;
    for (const Entry& e : entries) {
      line_ = e.line;
      auto r = entry(e);
      if (!r) return Err{r.error()};
      if (*r) records.push_back(std::move(**r));
    }
    return records;
  }

 private:
  ZoneError error(std::string message) const { return ZoneError{line_, std::move(message)}; }

  Result<DnsName, ZoneError> name(const std::string& text) const {
    if (text == "@") return origin_;
    const bool absolute = !text.empty() && text.back() == '.' &&
                          (text.size() < 2 || text[text.size() - 2] != '\\');
    auto n = DnsName::from_text(text);
    if (!n) return Err{error(strprintf("bad name '%s': %s", text.c_str(), to_string(n.error())))};
    if (absolute) return *n;
    // Relative: append the origin, label by label.
    std::string full = text + "." + (origin_.is_root() ? "" : origin_.to_string());
    auto joined = DnsName::from_text(full);
    if (!joined) return Err{error(strprintf("name '%s' too long", text.c_str()))};
    return *joined;
  }

  Result<std::optional<DnsRecord>, ZoneError> entry(const Entry& e) {
    const auto& t = e.tokens;
    if (t[0].text == "$ORIGIN") {
      if (t.size() != 2) return Err{error("$ORIGIN takes one name")};
      auto n = name(t[1].text);
      if (!n) return Err{n.error()};
      origin_ = *n;
      return std::optional<DnsRecord>();
    }
    if (t[0].text == "$TTL") {
      const auto ttl = t.size() == 2 ? parse_ttl(t[1].text) : std::nullopt;
      if (!ttl) return Err{error("$TTL takes one TTL")};
      ttl_ = *ttl;
      return std::optional<DnsRecord>();
    }
    if (!t[0].text.empty() && t[0].text[0] == '$') {
      return Err{error("unsupported directive '" + t[0].text + "'")};
    }
    std::size_t i = 0;
    if (!e.owner_blank) {
      auto owner = name(t[i++].text);
      if (!owner) return Err{owner.error()};
      owner_ = *owner;
    } else if (!owner_) {
      return Err{error("no owner name")};
    }
    DnsRecord r;
    r.name = *owner_;
    r.ttl = ttl_;
    // [ttl] [class] type, in either order (§5.1).
    for (int k = 0; k < 2 && i < t.size(); ++k) {
      if (const auto ttl = parse_ttl(t[i].text)) {
        r.ttl = *ttl, ++i;
      } else if (t[i].text == "IN" || t[i].text == "in") {
        ++i;
      }
    }
    if (i >= t.size()) return Err{error("missing type")};
    const auto type = type_from_name(t[i].text);
    if (!type) return Err{error("unknown type '" + t[i].text + "'")};
    r.type = *type;
    auto data = rdata(r.type, std::vector<Token>(t.begin() + static_cast<std::ptrdiff_t>(i + 1), t.end()));
    if (!data) return Err{data.error()};
    r.data = std::move(*data);
    return std::optional<DnsRecord>(std::move(r));
  }

  Result<Rdata, ZoneError> rdata(std::uint16_t type, const std::vector<Token>& a) {
    const std::string tname = type_name(type);
    auto count = [&](std::size_t n) -> Result<Unit, ZoneError> {
      if (a.size() != n) {
        return Err{error(strprintf("%s takes %zu field%s, got %zu", tname.c_str(), n,
                                   n == 1 ? "" : "s", a.size()))};
      }
      return Unit{};
    };
    switch (type) {
      case rr_type::kA: {
        if (auto c = count(1); !c) return Err{c.error()};
        const auto addr = Ipv4Address::parse(a[0].text);
        if (!addr) return Err{error("bad IPv4 address '" + a[0].text + "'")};
        return Rdata(*addr);
      }
      case rr_type::kAaaa: {
        if (auto c = count(1); !c) return Err{c.error()};
        Ipv6Bytes v6;
        if (inet_pton(AF_INET6, a[0].text.c_str(), v6.data()) != 1) {
          return Err{error("bad IPv6 address '" + a[0].text + "'")};
        }
        return Rdata(v6);
      }
      case rr_type::kNs:
      case rr_type::kCname:
      case rr_type::kPtr: {
        if (auto c = count(1); !c) return Err{c.error()};
        auto n = name(a[0].text);
        if (!n) return Err{n.error()};
        return Rdata(*n);
      }
      case rr_type::kSoa: {
        if (auto c = count(7); !c) return Err{c.error()};
        auto mname = name(a[0].text);
        if (!mname) return Err{mname.error()};
        auto rname = name(a[1].text);
        if (!rname) return Err{rname.error()};
        std::uint32_t v[5];
        for (int k = 0; k < 5; ++k) {
          const auto n = parse_ttl(a[2 + k].text);
          if (!n) return Err{error("bad SOA number '" + a[2 + k].text + "'")};
          v[k] = *n;
        }
        return Rdata(SoaData{*mname, *rname, v[0], v[1], v[2], v[3], v[4]});
      }
      case rr_type::kTxt: {
        if (a.empty()) return Err{error("TXT takes at least one string")};
        TxtData strings;
        for (const auto& tok : a) {
          if (tok.text.size() > 255) return Err{error("TXT string longer than 255 bytes")};
          strings.push_back(tok.text);
        }
        return Rdata(std::move(strings));
      }
      default:
        return Err{error("type " + tname + " not supported in zone files")};
    }
  }

  DnsName origin_;
  std::uint32_t ttl_;
  std::optional<DnsName> owner_;
  std::size_t line_ = 0;
};

}  // namespace

std::string ZoneError::to_string() const {
  return line ? strprintf("line %zu: %s", line, message.c_str()) : message;
}

Result<Zone, ZoneError> Zone::parse(std::string_view text, const DnsName& origin,
                                    std::uint32_t default_ttl) {
  auto entries = tokenize(text);
  if (!entries) return Err{entries.error()};
  auto records = Parser(origin, default_ttl).run(*entries);
  if (!records) return Err{records.error()};
  Zone zone;
  std::size_t soas = 0;
  for (const auto& r : *records) {
    if (r.type == rr_type::kSoa) {
      zone.origin_ = r.name;
      zone.soa_ = r;
      ++soas;
    }
  }
  if (soas != 1) return Err{ZoneError{0, strprintf("a zone needs exactly one SOA, found %zu", soas)}};
  for (auto& r : *records) {
    if (!r.name.is_subdomain_of(zone.origin_)) {
      return Err{ZoneError{0, "'" + r.name.to_string() + "' is outside the zone " +
                                  zone.origin_.to_string()}};
    }
    zone.add(std::move(r));
  }
  return zone;
}

void Zone::add(DnsRecord record) {
  for (DnsName n = record.name;; n = n.parent()) {
    if (!existing_.insert(n).second || n == origin_) break;
  }
  nodes_[record.name].push_back(std::move(record));
}

const std::vector<DnsRecord>& Zone::records_at(const DnsName& name) const {
  static const std::vector<DnsRecord> kNone;
  const auto it = nodes_.find(name);
  return it == nodes_.end() ? kNone : it->second;
}

const DnsName* Zone::delegation_for(const DnsName& name) const {
  // From the origin down to `name`: the highest cut wins (RFC 1034 §4.3.2 step 3b).
  const std::size_t depth = origin_.label_count();
  std::vector<DnsName> path;
  for (DnsName n = name; n.label_count() > depth; n = n.parent()) path.push_back(n);
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    const auto node = nodes_.find(*it);
    if (node == nodes_.end()) continue;
    for (const auto& r : node->second) {
      if (r.type == rr_type::kNs) return &node->first;
    }
  }
  return nullptr;
}

}  // namespace ws::dns
