// Feeding a parser from tests: whole, or split at chosen points.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wirestack/application/http/message_parser.h"

namespace ws::http {

inline Bytes bytes_of(std::string_view s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// What one message's parse produced.
struct Parsed {
  std::size_t consumed = 0;
  std::string content;
};

// Feeds `pieces` in order until the message completes or fails; the content is collected.
inline Parsed feed_pieces(MessageParser& p, const std::vector<std::string_view>& pieces) {
  Parsed out;
  for (std::string_view piece : pieces) {
    Bytes in = bytes_of(piece);
    while (!in.empty() && !p.complete() && !p.failed()) {
      const auto step = p.feed(in);
      in = in.subspan(step.consumed);
      out.consumed += step.consumed;
      out.content.append(reinterpret_cast<const char*>(step.content.data()), step.content.size());
    }
    if (p.complete() || p.failed()) break;
  }
  return out;
}

inline Parsed feed_all(MessageParser& p, std::string_view text) {
  return feed_pieces(p, {text});
}

}  // namespace ws::http
