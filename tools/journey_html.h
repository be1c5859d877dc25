// `wirestack journey --html`: the journey as a ladder report (trace/html_ladder.h): a lane per
// device in path order, an arrow per frame sent, the dissection behind each arrow, the steps'
// narration and the tables they used.
#pragma once

#include <string>

#include "wirestack/sim/journey.h"
#include "wirestack/sim/journey_text.h"

namespace ws::tool {

std::string journey_html(const sim::Journey& journey, sim::Lang lang);

}  // namespace ws::tool
