// Where tests find things outside the repo: the shared captures, the built `wirestack` binary,
// tshark. Tests that need something absent call GTEST_SKIP() with the reason.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ws::test {

// ../shared/pcaps next to the repository (WIRESTACK_SHARED overrides), or nullopt if absent.
std::optional<std::filesystem::path> shared_pcaps_dir();
// The `wirestack` executable built alongside the tests.
std::filesystem::path wirestack_binary();
// A fresh empty directory `name` under the build tree's temp area, inside a directory of the
// running test's own (Suite.Test), so tests running in parallel never share one. It is left
// behind for inspection and emptied when the test runs again.
std::filesystem::path scratch_dir(const std::string& name);

bool have_tshark();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs argv (no shell) and captures its output.
CommandResult run_command(const std::vector<std::string>& argv);

// Runs tshark with IP/TCP/UDP checksum validation on over `pcap`, printing the given fields
// (`-T fields -E separator=|`, every occurrence joined by ','), one line per frame.
// `preferences` are extra `-o` settings ("ip.defragment:FALSE").
std::vector<std::string> tshark_fields(const std::filesystem::path& pcap,
                                       const std::vector<std::string>& fields,
                                       const std::string& display_filter = "",
                                       const std::vector<std::string>& preferences = {});

// Checks a capture we wrote: every IP/TCP/UDP/ICMP checksum tshark can check is Good and no
// frame is malformed. Returns an empty string when clean, else a description of the problems.
std::string tshark_validate(const std::filesystem::path& pcap);
// The same for every *.pcap in `dir` (one per simulated link), merged with mergecap first so
// tshark runs once.
std::string tshark_validate_dir(const std::filesystem::path& dir);

}  // namespace ws::test
