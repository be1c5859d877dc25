// The interop harness: throw-away Linux network namespaces with taps and veths, commands and
// background processes run inside them under `timeout`, and cleanup that always happens.
//
// Names are ws-it-<pid>-<n> (this suite only): a namespace whose <pid> is dead was left by a
// crashed run and is scrubbed (its processes killed by PID, then deleted) when the next test
// process starts. Every background process's PID is appended to interop-pids.txt in the build
// tree, so a final check can prove none is left. Every address used lives inside the
// namespaces (10.200.x.y); devices are created inside them, never in the caller's namespace.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "support/test_env.h"

namespace ws::test {

// Why interop tests cannot run here (not root, no /dev/net/tun, a tool missing), or nullopt.
std::optional<std::string> interop_unavailable(std::initializer_list<const char*> tools = {});

// Skips the test, with the reason, unless it can run (needs these extra tools).
#define WS_REQUIRE_INTEROP(...)                                                            \
  do {                                                                                     \
    if (auto why_ = ::ws::test::interop_unavailable({__VA_ARGS__})) GTEST_SKIP() << *why_; \
  } while (0)

// Deletes ws-it-* namespaces of test processes that are no longer alive.
void scrub_abandoned_namespaces();
// The file that lists every PID the harness started ("pid start-time" lines).
std::filesystem::path interop_pid_file();

class Netns {
 public:
  Netns();  // ws-it-<pid>-<n>, loopback up
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const { return name_; }
  // argv inside the namespace, killed after `timeout_s` seconds.
  CommandResult run(const std::vector<std::string>& argv, int timeout_s = 10) const;
  // A shell command line inside the namespace (for pipes), killed after `timeout_s`.
  CommandResult sh(const std::string& script, int timeout_s = 10) const;
  // run(), and a test failure (with its output) when it exits non-zero; true on success.
  bool must(const std::vector<std::string>& argv, int timeout_s = 10) const;

  void add_tap(const std::string& dev) const;
  void set_up(const std::string& dev) const;
  // Address, link up, IPv6 off (no MLD/DAD chatter on the link).
  void configure(const std::string& dev, const std::string& cidr) const;
  // A veth pair: `dev` here and `peer_dev` in `peer`.
  void add_veth(const std::string& dev, const Netns& peer, const std::string& peer_dev) const;
  // Moves `dev` into `to` (it arrives down and without address).
  void move(const std::string& dev, const Netns& to) const;
  // Waits until `dev` is up with carrier (a tap: a process holds it open; set it up first).
  bool wait_carrier(const std::string& dev, int timeout_ms = 5000) const;

 private:
  std::string name_;
};

// A background process inside a namespace (under `timeout`, so it ends even if we crash),
// stdout and stderr to a log file. Destruction stops it: SIGTERM, then SIGKILL after 3 s.
class Spawned {
 public:
  Spawned(const Netns& ns, const std::vector<std::string>& argv, int timeout_s = 60);
  ~Spawned();
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // SIGTERM and wait (up to 5 s, then SIGKILL); the exit code (128 + signal if killed).
  int stop();
  // Waits for it to exit by itself (up to `timeout_ms`); its exit code, or nullopt if it did not.
  std::optional<int> wait(int timeout_ms);
  std::string output() const;
  // Waits until the output contains `text`.
  bool wait_for_output(const std::string& text, int timeout_ms = 5000) const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_;
};

}  // namespace ws::test
