// How `wirestack read` shows one captured frame: a tcpdump-style line, the layers in detail,
// or a JSON object keyed by Wireshark's field names.
#pragma once

#include <string>

#include "wirestack/base/time.h"
#include "wirestack/link/pcap/pcap_reader.h"
#include "wirestack/wire/dissection.h"

namespace ws::tool {

// "12 0.000123 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64"; `since` is
// the first frame's time.
std::string frame_line(const CapturedFrame& frame, Instant since);

// The frame line, then every layer with its fields, indented.
std::string frame_detail(const CapturedFrame& frame, Instant since, const Dissection& d);

// One line of JSON: frame.number, frame.time_relative, frame.len, frame.cap_len, every field
// (a field that occurs more than once becomes an array, like `tshark -E occurrence=a`), and for
// a layer that does not parse "error" (the typed error) and "error.layer" (its protocol).
std::string frame_json(const CapturedFrame& frame, Instant since, const Dissection& d);

}  // namespace ws::tool
