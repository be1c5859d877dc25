// A frame as a list of layers whose fields carry Wireshark's names and `tshark -T fields`'s
// formatting, so that `wirestack read --json` can be diffed against tshark field by field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/wire/parse_error.h"

namespace ws {

struct DissectedField {
  std::string name;   // "ip.ttl"
  std::string value;  // "64", "0x1234", "02:00:00:00:00:01", as tshark prints it
};

struct DissectedLayer {
  std::string name;   // Wireshark's protocol name: "eth", "vlan", "arp", "ip", "icmp"
  std::string title;  // "Internet Protocol Version 4"
  std::vector<DissectedField> fields;
  // Set when the layer did not parse; the dissection stops after it. Fields shown before the
  // error are those that could be read.
  std::optional<ParseError> error;

  void add(std::string_view field, std::string value);
};

struct Dissection {
  std::vector<DissectedLayer> layers;

  // The first value of a field, or nullptr.
  const std::string* find(std::string_view field) const;
  // The layer that did not parse, or nullptr.
  const DissectedLayer* failed_layer() const;
};

// Dissects an Ethernet frame (as captured: possibly cut short, possibly padded). Checksums are
// reported (`*.checksum.status`: 0 bad, 1 good, 2 unverified), never enforced.
Dissection dissect_ethernet_frame(Bytes frame);

}  // namespace ws
