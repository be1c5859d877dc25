#include "wirestack/wire/dns_name.h"

#include <algorithm>
#include <cctype>

#include "wirestack/wire/text.h"

namespace ws::dns {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int compare_nocase(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(lower(a[i]));
    const auto y = static_cast<unsigned char>(lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

constexpr std::uint8_t kPointerBits = 0xc0;

}  // namespace

const char* to_string(DnsError e) {
  switch (e) {
    case DnsError::kTruncated:
      return "truncated";
    case DnsError::kPointerPastEnd:
      return "pointer past end";
    case DnsError::kForwardPointer:
      return "forward compression pointer";
    case DnsError::kBadLabelType:
      return "bad label type";
    case DnsError::kLabelTooLong:
      return "label too long";
    case DnsError::kNameTooLong:
      return "name too long";
    case DnsError::kCountTooLarge:
      return "count too large";
    case DnsError::kBadRdata:
      return "bad rdata";
    case DnsError::kBadText:
      return "bad text";
  }
  return "?";
}

Result<DnsName, DnsError> DnsName::from_text(std::string_view text) {
  if (text == ".") return DnsName();
  if (text.empty()) return Err{DnsError::kBadText};
  std::string wire;
  std::string label;
  auto end_label = [&]() -> bool {
    if (label.empty() || label.size() > kMaxLabelLen) return false;
    wire += static_cast<char>(label.size());
    wire += label;
    label.clear();
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (!end_label()) return Err{label.empty() ? DnsError::kBadText : DnsError::kLabelTooLong};
      continue;
    }
    if (c != '\\') {
      label += c;
      continue;
    }
    if (i + 1 >= text.size()) return Err{DnsError::kBadText};
    if (i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 3]))) {
      const int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
      if (v > 255) return Err{DnsError::kBadText};
      label += static_cast<char>(v);
      i += 3;
    } else {
      label += text[++i];
    }
  }
  if (!label.empty() && !end_label()) return Err{DnsError::kLabelTooLong};
  wire += '\0';
  if (wire.size() > kMaxNameLen) return Err{DnsError::kNameTooLong};
  return DnsName(std::move(wire));
}

// RFC 1035 §4.1.4. Each pointer must point before the segment it interrupts, so the walk ends
// (no loops) and never reads a byte twice.
Result<DnsName, DnsError> DnsName::read(Bytes message, std::size_t offset, std::size_t& end) {
  std::string wire;
  std::size_t pos = offset;
  std::size_t segment_start = offset;
  bool jumped = false;
  while (true) {
    if (pos >= message.size()) return Err{DnsError::kTruncated};
    const std::uint8_t len = message[pos];
    if ((len & kPointerBits) == kPointerBits) {
      if (pos + 1 >= message.size()) return Err{DnsError::kTruncated};
      const std::size_t target = ((len & 0x3fu) << 8) | message[pos + 1];
      if (!jumped) end = pos + 2;
      jumped = true;
      if (target >= message.size()) return Err{DnsError::kPointerPastEnd};
      if (target >= segment_start) return Err{DnsError::kForwardPointer};
      pos = segment_start = target;
      continue;
    }
    if ((len & kPointerBits) != 0) return Err{DnsError::kBadLabelType};
    if (pos + 1 + len > message.size()) return Err{DnsError::kTruncated};
    if (wire.size() + 1 + len + 1 > kMaxNameLen) return Err{DnsError::kNameTooLong};
    wire.append(reinterpret_cast<const char*>(&message[pos]), 1 + len);
    pos += 1 + len;
    if (len == 0) break;
  }
  if (!jumped) end = pos;
  return DnsName(std::move(wire));
}

std::string DnsName::to_string() const {
  if (is_root()) return ".";
  std::string s;
  for (std::size_t i = 0; wire_[i] != 0; i += 1 + static_cast<std::uint8_t>(wire_[i])) {
    const std::size_t len = static_cast<std::uint8_t>(wire_[i]);
    for (std::size_t j = i + 1; j <= i + len; ++j) {
      const auto c = static_cast<unsigned char>(wire_[j]);
      if (c == '.' || c == '\\' || c == '"' || c == ';' || c == '(' || c == ')' || c == '@' ||
          c == '$') {
        s += '\\';
        s += static_cast<char>(c);
      } else if (c <= ' ' || c >= 0x7f) {
        s += strprintf("\\%03u", c);
      } else {
        s += static_cast<char>(c);
      }
    }
    s += '.';
  }
  return s;
}

std::size_t DnsName::label_count() const {
  std::size_t n = 0;
  for (std::size_t i = 0; wire_[i] != 0; i += 1 + static_cast<std::uint8_t>(wire_[i])) ++n;
  return n;
}

DnsName DnsName::parent() const {
  if (is_root()) return *this;
  return DnsName(wire_.substr(1 + static_cast<std::uint8_t>(wire_[0])));
}

Result<DnsName, DnsError> DnsName::prepend(std::string_view label) const {
  if (label.empty() || label.size() > kMaxLabelLen) return Err{DnsError::kLabelTooLong};
  if (wire_.size() + 1 + label.size() > kMaxNameLen) return Err{DnsError::kNameTooLong};
  std::string wire(1, static_cast<char>(label.size()));
  wire += label;
  wire += wire_;
  return DnsName(std::move(wire));
}

bool DnsName::is_subdomain_of(const DnsName& zone) const {
  // Walk this name's label boundaries; the suffix must start at one of them.
  for (std::size_t i = 0;; i += 1 + static_cast<std::uint8_t>(wire_[i])) {
    if (wire_.size() - i == zone.wire_.size() &&
        compare_nocase(std::string_view(wire_).substr(i), zone.wire_) == 0) {
      return true;
    }
    if (wire_[i] == 0) return false;
  }
}

bool DnsName::operator==(const DnsName& o) const {
  return compare_nocase(wire_, o.wire_) == 0;
}

bool DnsName::operator<(const DnsName& o) const {
  return compare_nocase(wire_, o.wire_) < 0;
}

void NameCompressor::write(const DnsName& name, std::vector<std::uint8_t>& out) {
  const std::string& w = name.wire();
  for (std::size_t i = 0; w[i] != 0; i += 1 + static_cast<std::uint8_t>(w[i])) {
    const std::string_view suffix = std::string_view(w).substr(i);
    for (const Known& k : known_) {
      if (compare_nocase(k.suffix, suffix) == 0) {
        out.push_back(static_cast<std::uint8_t>(kPointerBits | (k.offset >> 8)));
        out.push_back(static_cast<std::uint8_t>(k.offset));
        return;
      }
    }
    // RFC 1035 §4.1.4: pointers hold 14-bit offsets.
    if (out.size() < 0x4000) {
      known_.push_back({std::string(suffix), static_cast<std::uint16_t>(out.size())});
    }
    const std::size_t len = static_cast<std::uint8_t>(w[i]);
    out.insert(out.end(), w.begin() + static_cast<std::ptrdiff_t>(i),
               w.begin() + static_cast<std::ptrdiff_t>(i + 1 + len));
  }
  out.push_back(0);
}

void NameCompressor::forget_from(std::size_t offset) {
  std::erase_if(known_, [offset](const Known& k) { return k.offset >= offset; });
}

}  // namespace ws::dns
