// `wirestack journey`'s terminal output: the story told step by step (S1–S15, in the order
// they happen), each packet as a tcpdump-style line with its hop ("client > home-router"), the
// note's four layers for the packets the endpoints and the NAT send, the tables that decided
// each step when they were used, and where the note simplifies, what really happens.
#pragma once

#include <cstdio>

#include "wirestack/sim/journey.h"
#include "wirestack/sim/journey_text.h"

namespace ws::tool {

struct NarrationOptions {
  sim::Lang lang = sim::Lang::kEn;
  bool detail = false;  // every frame's full dissection too
  bool colour = false;
  bool pause = false;  // wait for Enter before each new step
};

void narrate(std::FILE* out, const sim::Journey& journey, const NarrationOptions& options);

}  // namespace ws::tool
