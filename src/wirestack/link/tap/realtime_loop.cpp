#include "wirestack/link/tap/realtime_loop.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

namespace ws {

namespace {

std::int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

const char* to_string(StopReason reason) {
  switch (reason) {
    case StopReason::kSignal:
      return "signal";
    case StopReason::kDeadline:
      return "time limit";
    case StopReason::kDone:
      return "done";
  }
  return "?";
}

Result<std::unique_ptr<RealTimeLoop>, TapError> RealTimeLoop::create() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  if (::sigprocmask(SIG_BLOCK, &mask, nullptr) < 0) {
    return Err(TapError{std::string("sigprocmask: ") + std::strerror(errno)});
  }
  const int fd = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return Err(TapError{std::string("signalfd: ") + std::strerror(errno)});
  return std::unique_ptr<RealTimeLoop>(new RealTimeLoop(fd, monotonic_ns()));
}

RealTimeLoop::RealTimeLoop(int signal_fd, std::int64_t start_ns)
    : signal_fd_(signal_fd), start_ns_(start_ns) {}

RealTimeLoop::~RealTimeLoop() {
  ::close(signal_fd_);
}

void RealTimeLoop::watch(int fd) {
  fds_.push_back(fd);
}

Instant RealTimeLoop::now() const {
  return Instant::from_nanos(monotonic_ns() - start_ns_);
}

bool RealTimeLoop::wait(Instant now, std::optional<Instant> until) {
  // Fixed room: a loop watches a handful of taps.
  pollfd pfds[16];
  nfds_t n = 0;
  pfds[n++] = {signal_fd_, POLLIN, 0};
  for (int fd : fds_) {
    if (n < 16) pfds[n++] = {fd, POLLIN, 0};
  }
  timespec timeout{};
  timespec* timeout_ptr = nullptr;
  if (until) {
    const std::int64_t ns = std::max<std::int64_t>(0, (*until - now).as_nanos());
    timeout = {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    timeout_ptr = &timeout;
  }
  const int ready = ::ppoll(pfds, n, timeout_ptr, nullptr);
  if (ready <= 0 || !(pfds[0].revents & POLLIN)) return false;
  signalfd_siginfo info{};
  if (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    signal_ = static_cast<int>(info.ssi_signo);
    return true;
  }
  return false;
}

}  // namespace ws
