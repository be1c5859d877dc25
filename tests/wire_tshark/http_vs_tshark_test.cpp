// Our http.* dissection against tshark's on the shared captures, segment by segment (tshark
// without TCP reassembly, so a message's fields sit on the segment that starts it).
#include <gtest/gtest.h>

#include "support/test_env.h"
#include "wire_tshark/shared_captures.h"
#include "wire_tshark/tshark_lines.h"
#include "wirestack/wire/dissection.h"

namespace ws::test {
namespace {

TEST(HttpVsTshark, RequestAndStatusLineFieldsEqualTsharkOnPort80) {
  WS_REQUIRE_SHARED_PCAPS();
  WS_REQUIRE_TSHARK();
  const std::vector<std::string> fields = {"http.request.method",  "http.request.uri",
                                           "http.request.version", "http.response.version",
                                           "http.response.code",   "http.response.phrase"};
  std::vector<std::string> columns = {"frame.number", "tcp.srcport", "tcp.dstport"};
  columns.insert(columns.end(), fields.begin(), fields.end());
  std::size_t compared = 0;
  for (const auto& capture : read_shared_captures()) {
    const auto lines =
        tshark_fields(capture.path, columns, "", {"tcp.desegment_tcp_streams:FALSE"});
    ASSERT_EQ(lines.size(), capture.frames.size()) << capture.path;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto cells = split_cells(lines[i]);
      if (cells[1] != "80" && cells[2] != "80") continue;  // ours: 80 and 8080; tshark: guesses
      const Dissection d = dissect_ethernet_frame(capture.frames[i].data);
      for (std::size_t f = 0; f < fields.size(); ++f) {
        const std::string* ours = d.find(fields[f]);
        EXPECT_EQ(ours ? *ours : "", first_occurrence(cells[f + 3]))
            << capture.path.filename() << " frame " << cells[0] << " " << fields[f];
        compared += ours ? 1 : 0;
      }
    }
  }
  EXPECT_GE(compared, 12u);
}

}  // namespace
}  // namespace ws::test
