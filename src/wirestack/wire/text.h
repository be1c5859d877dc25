// printf-style formatting into a std::string, for the tcpdump-style printers (not the packet
// path).
#pragma once

#include <string>

namespace ws {

[[gnu::format(printf, 1, 2)]] std::string strprintf(const char* fmt, ...);

}  // namespace ws
