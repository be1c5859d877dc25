// The shared real captures (../shared/pcaps), read whole with wirestack's PcapReader.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_env.h"
#include "wirestack/link/pcap/pcap_reader.h"

namespace ws::test {

struct OwnedFrame {
  std::uint64_t number = 0;
  std::uint32_t orig_len = 0;
  std::vector<std::uint8_t> data;
};

struct Capture {
  std::filesystem::path path;
  int link_type = 0;
  std::vector<OwnedFrame> frames;
};

inline std::vector<std::filesystem::path> shared_pcap_files() {
  std::vector<std::filesystem::path> files;
  if (const auto dir = shared_pcaps_dir()) {
    for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
      const auto ext = entry.path().extension();
      if (ext == ".pcap" || ext == ".pcapng") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every frame of `path`; a failure is a test failure (the shared captures all read cleanly).
inline Capture read_capture(const std::filesystem::path& path) {
  Capture capture{path, 0, {}};
  auto reader = PcapReader::open(path.string());
  EXPECT_TRUE(reader.ok()) << path << ": " << (reader ? "" : reader.error().message);
  if (!reader) return capture;
  capture.link_type = reader->link_type();
  while (true) {
    auto next = reader->next();
    EXPECT_TRUE(next.ok()) << path << ": " << (next ? "" : next.error().message);
    if (!next || !*next) break;
    const CapturedFrame& f = **next;
    capture.frames.push_back({f.number, f.orig_len, {f.data.begin(), f.data.end()}});
  }
  return capture;
}

inline std::vector<Capture> read_shared_captures() {
  std::vector<Capture> captures;
  for (const auto& path : shared_pcap_files()) captures.push_back(read_capture(path));
  return captures;
}

// Skips the calling test when the shared captures are not there.
#define WS_REQUIRE_SHARED_PCAPS()                                                  \
  do {                                                                             \
    if (!::ws::test::shared_pcaps_dir()) GTEST_SKIP() << "../shared/pcaps absent"; \
  } while (0)

#define WS_REQUIRE_TSHARK()                                          \
  do {                                                               \
    if (!::ws::test::have_tshark()) GTEST_SKIP() << "tshark absent"; \
  } while (0)

}  // namespace ws::test
