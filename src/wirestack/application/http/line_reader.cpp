#include "wirestack/application/http/line_reader.h"

#include <cstring>

namespace ws::http {

LineReader::Step LineReader::feed(Bytes data, std::size_t max_len) {
  if (line_done_) {
    buffer_.clear();  // keeps its capacity
    line_done_ = false;
  }
  const auto* begin = reinterpret_cast<const char*>(data.data());
  const std::size_t room = max_len > buffer_.size() ? max_len - buffer_.size() : 0;
  const std::size_t scan = data.size() < room ? data.size() : room;
  const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', scan));
  if (lf == nullptr) {
    if (scan < data.size() || buffer_.size() + scan >= max_len) {
      return {scan, Status::kTooLong};
    }
    buffer_.append(begin, scan);
    return {scan, Status::kNeedMore};
  }
  const std::size_t consumed = static_cast<std::size_t>(lf - begin) + 1;
  std::string_view line;
  if (buffer_.empty()) {
    line = std::string_view(begin, consumed - 1);
  } else {
    buffer_.append(begin, consumed - 1);
    line = buffer_;
  }
  line_done_ = true;  // line_ may point into buffer_ until the next feed
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos) return {consumed, Status::kBareCr};
  line_ = line;
  return {consumed, Status::kLine};
}

}  // namespace ws::http
