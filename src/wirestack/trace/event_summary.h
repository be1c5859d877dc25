// One line of plain text describing an event, shared by every renderer so the terminal, the
// JSON Lines file and the journey's narration say the same thing.
#pragma once

#include <string>

#include "wirestack/trace/event.h"

namespace ws {

// The protocol an event is about: "eth", "arp", "ip", "icmp", ... (the outermost protocol that
// the event concerns; for frames, the innermost one the frame carries that we can name).
std::string event_protocol(const Event& event);

// "eth0 > IP 192.168.0.10 > 10.0.0.1: ICMP echo request, id 1, seq 1, length 64",
// "arp cache add 192.168.0.1 at 02:00:00:00:00:01 on if 1", "drop: ip: TTL expired in transit".
std::string event_summary(const Event& event);

// The event's kind as a stable identifier: "frame", "arp", "route", "forward", "icmp", "drop",
// "tcp_state", "tcp_retransmit", "nat", "http_request", "http_response", "dns".
const char* event_kind(const Event& event);

}  // namespace ws
