#include "support/test_env.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace ws::test {
namespace fs = std::filesystem;

std::optional<fs::path> shared_pcaps_dir() {
  const char* env = std::getenv("WIRESTACK_SHARED");
  fs::path shared = env ? fs::path(env) : fs::path(WIRESTACK_SOURCE_DIR) / ".." / "shared";
  fs::path pcaps = shared / "pcaps";
  if (fs::is_directory(pcaps)) return fs::canonical(pcaps);
  return std::nullopt;
}

fs::path wirestack_binary() {
  if (const char* env = std::getenv("WIRESTACK_BIN")) return env;
  return fs::path(WIRESTACK_BINARY_DIR) / "wirestack";
}

fs::path scratch_dir(const std::string& name) {
  // Inside the running test's own directory: ctest runs every test in its own process, in
  // parallel, and two tests using one name (a fixture's, a run shared lazily within a file)
  // must not clear each other's files.
  fs::path dir = fs::path(WIRESTACK_BINARY_DIR) / "test-scratch";
  if (const auto* test = ::testing::UnitTest::GetInstance()->current_test_info()) {
    dir /= std::string(test->test_suite_name()) + "." + test->name();
  }
  dir /= name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

bool have_tshark() {
  static const bool present = run_command({"tshark", "--version"}).exit_code == 0;
  return present;
}

namespace {

std::string drain(int fd) {
  std::string out;
  std::array<char, 65536> buf;
  ssize_t n;
  while ((n = ::read(fd, buf.data(), buf.size())) > 0) out.append(buf.data(), static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  CommandResult result;
  // Drain stderr on a thread so neither pipe can fill up and block the child.
  std::thread err_reader([&] { result.err = drain(err_pipe[0]); });
  result.out = drain(out_pipe[0]);
  err_reader.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> tshark_fields(const fs::path& pcap, const std::vector<std::string>& fields,
                                       const std::string& display_filter,
                                       const std::vector<std::string>& preferences) {
  std::vector<std::string> argv = {"tshark", "-n", "-r", pcap.string(),
                                   "-o", "ip.check_checksum:TRUE",
                                   "-o", "tcp.check_checksum:TRUE",
                                   "-o", "udp.check_checksum:TRUE",
                                   "-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
                                   "-E", "aggregator=,"};
  for (const auto& p : preferences) {
    argv.push_back("-o");
    argv.push_back(p);
  }
  if (!display_filter.empty()) {
    argv.push_back("-Y");
    argv.push_back(display_filter);
  }
  for (const auto& f : fields) {
    argv.push_back("-e");
    argv.push_back(f);
  }
  auto r = run_command(argv);
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string tshark_validate(const fs::path& pcap) {
  // 0 = Bad in Wireshark's checksum status fields; _ws.malformed marks dissector failures.
  const auto bad = tshark_fields(pcap, {"frame.number", "_ws.col.Info"},
                                 "ip.checksum.status == 0 || tcp.checksum.status == 0 || "
                                 "udp.checksum.status == 0 || icmp.checksum.status == 0 || "
                                 "_ws.malformed || _ws.expert.severity >= \"error\"");
  std::string problems;
  for (const auto& line : bad) problems += line + "\n";
  const auto all = run_command({"tshark", "-n", "-r", pcap.string()});
  if (all.exit_code != 0) problems += "tshark failed: " + all.err;
  return problems;
}

std::string tshark_validate_dir(const fs::path& dir) {
  const fs::path merged = dir / "all-links.pcapng";
  std::vector<std::string> merge = {"mergecap", "-w", merged.string()};
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".pcap") merge.push_back(entry.path().string());
  }
  if (merge.size() == 3) return "no captures in " + dir.string();
  const auto merged_ok = run_command(merge);
  if (merged_ok.exit_code != 0) return "mergecap failed: " + merged_ok.err;
  return tshark_validate(merged);
}

}  // namespace ws::test
