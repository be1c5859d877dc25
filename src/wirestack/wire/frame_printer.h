// One tcpdump-style line for a whole Ethernet frame.
#pragma once

#include <string>

#include "wirestack/base/bytes.h"

namespace ws {

// "IP 192.168.0.10 > 198.51.100.7: ICMP echo request, id 1, seq 1, length 64",
// "ARP, Request who-has 192.168.0.1 tell 192.168.0.10, length 28"; a layer that does not parse
// shows its typed error.
std::string describe_frame(Bytes frame);

}  // namespace ws
