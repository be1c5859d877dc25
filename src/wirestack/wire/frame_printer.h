// One tcpdump-style line (`tcpdump -n`) per frame, from wirestack's own parsers. A layer that
// does not parse shows its typed error, "[|ip: bad header length]", and the line ends there.
#pragma once

#include <string>

#include "wirestack/base/bytes.h"

namespace ws {

// A whole Ethernet frame: "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 1, seq 1,
// length 64", "ARP, Request who-has 192.168.0.1 tell 192.168.0.10, length 28", ...
std::string describe_frame(Bytes frame);

// The same from the network layer down, for captures without a link header (DLT_RAW).
std::string describe_ipv4(Bytes packet);  // "IP ..."
std::string describe_arp(Bytes packet);   // "ARP, ..."

}  // namespace ws
