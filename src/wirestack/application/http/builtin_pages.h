// Pages compiled into the server, for the simulated internet (no files needed).
#pragma once

#include <string_view>

namespace ws::http {

// A small search-engine-style home page for the journey's "www.google.com". Clearly fictional:
// it says it is served by the simulation. About 1 KB, so the whole response fits one segment.
std::string_view search_home_page();

}  // namespace ws::http
