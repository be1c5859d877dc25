// Domain names (RFC 1035 §3.1, §4.1.4): labels of at most 63 bytes, at most 255 bytes in wire
// form; compression pointers followed on parse (backward only, so no loops) and used on emit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/base/result.h"

namespace ws::dns {

inline constexpr std::size_t kMaxLabelLen = 63;
inline constexpr std::size_t kMaxNameLen = 255;  // wire form, root byte included

// Why a DNS message (or a name in it) does not parse.
enum class DnsError : std::uint8_t {
  kTruncated,         // shorter than the header, or a field runs past the end
  kPointerPastEnd,    // a compression pointer or label length points past the message
  kForwardPointer,    // a compression pointer that does not point strictly backward (loops too)
  kBadLabelType,      // label type 0b01/0b10 (RFC 6891 §5: extended labels are obsolete)
  kLabelTooLong,      // > 63 bytes (text form)
  kNameTooLong,       // > 255 bytes in wire form
  kCountTooLarge,     // a section count the message cannot hold
  kBadRdata,          // rdata inconsistent with its type (A not 4 bytes, name overruns rdlength)
  kBadText,           // a name or record in text form that does not parse
};

const char* to_string(DnsError e);

// A name as its uncompressed wire form ("\3www\6google\3com\0"); case is kept, comparisons
// ignore ASCII case (RFC 4343).
class DnsName {
 public:
  DnsName() : wire_(1, '\0') {}  // the root
  static DnsName root() { return DnsName(); }
  // "www.google.com." or "www.google.com" (always absolute); "\." and "\DDD" escapes.
  static Result<DnsName, DnsError> from_text(std::string_view text);
  // Reads the name at `offset` of `message`, following pointers; `end` receives the offset
  // just past the name where it starts (after the first pointer, if any).
  static Result<DnsName, DnsError> read(Bytes message, std::size_t offset, std::size_t& end);

  // "www.google.com." ("." for the root), with '.', '\\' and non-printables escaped.
  std::string to_string() const;
  const std::string& wire() const { return wire_; }
  std::size_t wire_len() const { return wire_.size(); }
  bool is_root() const { return wire_.size() == 1; }
  std::size_t label_count() const;
  // The name without its first label (the root's parent is the root).
  DnsName parent() const;
  // `label` + "." + this; fails when the result is too long.
  Result<DnsName, DnsError> prepend(std::string_view label) const;
  // Whether this equals `zone` or lies below it.
  bool is_subdomain_of(const DnsName& zone) const;

  bool operator==(const DnsName& o) const;
  // Canonical order (RFC 4034 §6.1) is not needed; this is a case-insensitive wire order for
  // maps.
  bool operator<(const DnsName& o) const;

 private:
  explicit DnsName(std::string wire) : wire_(std::move(wire)) {}
  std::string wire_;
};

// Writes names with compression (RFC 1035 §4.1.4) into a growing message.
class NameCompressor {
 public:
  // Appends `name` to `out`, pointing at an earlier copy of its longest known suffix.
  void write(const DnsName& name, std::vector<std::uint8_t>& out);
  // Forgets suffixes written at or after `offset` (a record that was rolled back).
  void forget_from(std::size_t offset);

 private:
  struct Known {
    std::string suffix;  // wire form of a suffix already in the message
    std::uint16_t offset;
  };
  std::vector<Known> known_;
};

}  // namespace ws::dns
