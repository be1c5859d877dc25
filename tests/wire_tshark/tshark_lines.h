// Splitting `tshark -T fields -E separator=| -E occurrence=a -E aggregator=,` output.
#pragma once

#include <string>
#include <vector>

namespace ws::test {

// "a||b" -> {"a", "", "b"}: empty cells kept, a trailing separator gives a last empty cell.
inline std::vector<std::string> split_cells(const std::string& line, char sep = '|') {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(sep, start);
    cells.push_back(line.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return cells;
    start = end + 1;
  }
}

// A field's first occurrence: "10.0.0.1,10.0.0.2" -> "10.0.0.1" (an ICMP error's quoted IP
// header is the second).
inline std::string first_occurrence(const std::string& cell) {
  return cell.substr(0, cell.find(','));
}

// The line with every cell cut to its first occurrence.
inline std::string first_occurrences(const std::string& line) {
  std::string out;
  for (const auto& cell : split_cells(line)) out += first_occurrence(cell) + "|";
  out.pop_back();
  return out;
}

}  // namespace ws::test
