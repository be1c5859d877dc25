#include "support/netns.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace ws::test {
namespace {

constexpr const char* kPrefix = "ws-it-";

bool on_path(const std::string& tool) {
  return run_command({"sh", "-c", "command -v " + tool + " >/dev/null"}).exit_code == 0;
}

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

bool alive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

// The namespace names `ip netns list` shows.
std::vector<std::string> namespaces() {
  std::vector<std::string> names;
  std::istringstream lines(run_command({"ip", "netns", "list"}).out);
  for (std::string line; std::getline(lines, line);)
    names.push_back(line.substr(0, line.find(' ')));
  return names;
}

std::string timeout_s_arg(int s) {
  return std::to_string(s);
}

}  // namespace

std::optional<std::string> interop_unavailable(std::initializer_list<const char*> tools) {
  if (::geteuid() != 0) return "interop tests need root (network namespaces, taps)";
  if (!fs::exists("/dev/net/tun")) return "interop tests need /dev/net/tun";
  for (const char* tool : {"ip", "timeout"}) {
    if (!on_path(tool))
      return std::string("interop tests need '") + tool + "' (scripts/deps.sh test)";
  }
  for (const char* tool : tools) {
    if (!on_path(tool)) return std::string("this test needs '") + tool + "' (scripts/deps.sh test)";
  }
  static const bool scrubbed = (scrub_abandoned_namespaces(), true);
  (void)scrubbed;
  return std::nullopt;
}

void scrub_abandoned_namespaces() {
  for (const std::string& name : namespaces()) {
    if (!name.starts_with(kPrefix)) continue;
    const std::string rest = name.substr(std::string(kPrefix).size());
    const pid_t owner = static_cast<pid_t>(std::atol(rest.substr(0, rest.find('-')).c_str()));
    if (owner <= 0 || alive(owner)) continue;
    // Processes we started in it, by PID (`ip netns pids` lists exactly those).
    std::istringstream pids(run_command({"ip", "netns", "pids", name}).out);
    for (pid_t pid; pids >> pid;) ::kill(pid, SIGKILL);
    run_command({"ip", "netns", "del", name});
  }
}

fs::path interop_pid_file() {
  return fs::path(WIRESTACK_BINARY_DIR) / "interop-pids.txt";
}

Netns::Netns() {
  static std::atomic<int> counter{0};
  name_ = std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  must({"ip", "netns", "add", name_});
  run({"ip", "link", "set", "lo", "up"});
}

Netns::~Netns() {
  std::istringstream pids(run_command({"ip", "netns", "pids", name_}).out);
  for (pid_t pid; pids >> pid;) ::kill(pid, SIGKILL);
  run_command({"ip", "netns", "del", name_});
}

CommandResult Netns::run(const std::vector<std::string>& argv, int timeout_s) const {
  std::vector<std::string> full = {"ip",      "netns", "exec", name_,
                                   "timeout", "-k",    "2",    timeout_s_arg(timeout_s)};
  full.insert(full.end(), argv.begin(), argv.end());
  return run_command(full);
}

CommandResult Netns::sh(const std::string& script, int timeout_s) const {
  return run({"sh", "-c", script}, timeout_s);
}

bool Netns::must(const std::vector<std::string>& argv, int timeout_s) const {
  const CommandResult r = argv.size() > 1 && argv[0] == "ip" && argv[1] == "netns"
                              ? run_command(argv)
                              : run(argv, timeout_s);
  if (r.exit_code == 0) return true;
  std::string line;
  for (const auto& a : argv) line += a + " ";
  ADD_FAILURE() << "in " << name_ << ": " << line << "exited " << r.exit_code << "\n"
                << r.out << r.err;
  return false;
}

void Netns::add_tap(const std::string& dev) const {
  must({"ip", "tuntap", "add", "dev", dev, "mode", "tap"});
}

void Netns::set_up(const std::string& dev) const {
  must({"ip", "link", "set", dev, "up"});
}

void Netns::configure(const std::string& dev, const std::string& cidr) const {
  must({"sysctl", "-qw", "net.ipv6.conf." + dev + ".disable_ipv6=1"});
  must({"ip", "addr", "add", cidr, "dev", dev});
  must({"ip", "link", "set", dev, "up"});
}

void Netns::add_veth(const std::string& dev, const Netns& peer, const std::string& peer_dev) const {
  must({"ip", "link", "add", dev, "type", "veth", "peer", "name", peer_dev, "netns", peer.name()});
}

void Netns::move(const std::string& dev, const Netns& to) const {
  must({"ip", "link", "set", dev, "netns", to.name()});
}

bool Netns::wait_carrier(const std::string& dev, int timeout_ms) const {
  // LOWER_UP: the link is up and has carrier (for a tap: a process holds it open).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (run_command({"ip", "-n", name_, "link", "show", "dev", dev}).out.find("LOWER_UP") !=
        std::string::npos) {
      return true;
    }
    sleep_ms(20);
  }
  return false;
}

Spawned::Spawned(const Netns& ns, const std::vector<std::string>& argv, int timeout_s) {
  static std::atomic<int> counter{0};
  log_ = fs::temp_directory_path() /
         ("ws-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".log");
  std::vector<std::string> full = {"ip",      "netns", "exec", ns.name(),
                                   "timeout", "-k",    "2",    timeout_s_arg(timeout_s)};
  full.insert(full.end(), argv.begin(), argv.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    const int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    std::vector<char*> args;
    for (const auto& a : full) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  std::ofstream(interop_pid_file(), std::ios::app) << pid_ << "\n";
}

Spawned::~Spawned() {
  if (pid_ > 0 && !status_) stop();
  std::error_code ignored;
  fs::remove(log_, ignored);
}

bool Spawned::running() {
  return pid_ > 0 && !status_ && !wait(0);
}

std::optional<int> Spawned::wait(int timeout_ms) {
  if (status_) return status_;
  for (int waited = 0;; waited += 10) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return status_;
    }
    if (waited >= timeout_ms) return std::nullopt;
    sleep_ms(10);
  }
}

int Spawned::stop() {
  if (status_) return *status_;
  ::kill(pid_, SIGTERM);
  if (auto code = wait(5000)) return *code;
  ::kill(pid_, SIGKILL);
  return wait(2000).value_or(-1);
}

std::string Spawned::output() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Spawned::wait_for_output(const std::string& text, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (output().find(text) != std::string::npos) return true;
    sleep_ms(20);
  }
  return false;
}

}  // namespace ws::test
