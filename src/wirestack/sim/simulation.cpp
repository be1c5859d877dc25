#include "wirestack/sim/simulation.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace ws::sim {

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kReachedTime:
      return "reached time";
    case RunStatus::kIdle:
      return "idle";
    case RunStatus::kStopped:
      return "stopped";
    case RunStatus::kLivelock:
      return "livelock";
  }
  return "unknown";
}

Simulation::Simulation(Instant start) : now_(start) {}

Simulation::~Simulation() = default;

void Simulation::add_node(SimNode& node) {
  nodes_.push_back(Node{&node, TimerId{}, Instant{}});
  // Each node is due at most once at a time: no growth while running.
  due_.reserve(nodes_.size());
  polling_.reserve(nodes_.size());
  reschedule(nodes_.size() - 1);
}

std::size_t Simulation::index_of(SimNode& node) {
  const auto it =
      std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.node == &node; });
  if (it != nodes_.end()) return static_cast<std::size_t>(it - nodes_.begin());
  add_node(node);
  return nodes_.size() - 1;
}

void Simulation::attach(SimNode& node, LinkEnd& end) {
  end.notify(&wakeups_, index_of(node));
}

Link& Simulation::add_link(std::string name, const LinkConfig& config) {
  links_.push_back(std::make_unique<Link>(std::move(name), config, scheduler_));
  return *links_.back();
}

Switch& Simulation::add_switch(std::string name, const SwitchConfig& config) {
  switches_.push_back(std::make_unique<Switch>(std::move(name), config));
  add_node(*switches_.back());
  return *switches_.back();
}

LinkEnd& Simulation::connect_port(Switch& sw, const LinkConfig& config) {
  Link& link = add_link(std::string(sw.name()) + "-p" + std::to_string(sw.port_count()), config);
  sw.add_port(link.a());
  attach(sw, link.a());
  return link.b();
}

void Simulation::call_at(Instant at, std::function<void(Instant)> action) {
  std::uint64_t slot;
  if (free_actions_.empty()) {
    slot = actions_pending_.size();
    actions_pending_.push_back(std::move(action));
  } else {
    slot = free_actions_.back();
    free_actions_.pop_back();
    actions_pending_[slot] = std::move(action);
  }
  scheduler_.schedule(std::max(at, now_), actions_, slot);
}

void Simulation::Actions::on_event(Instant at, std::uint64_t tag) {
  std::function<void(Instant)> action = std::move(sim_.actions_pending_[tag]);
  sim_.actions_pending_[tag] = nullptr;
  sim_.free_actions_.push_back(tag);
  sim_.action_ran_ = true;
  action(at);
}

void Simulation::Wakeups::on_event(Instant, std::uint64_t tag) {
  sim_.mark_due(tag);
}

void Simulation::mark_due(std::size_t index) {
  if (nodes_[index].due) return;
  nodes_[index].due = true;
  due_.push_back(index);
}

void Simulation::reschedule(std::size_t index) {
  Node& n = nodes_[index];
  std::optional<Instant> want = n.node->poll_at();
  if (want && *want < now_) want = now_;
  if (want && n.timer_at == *want && scheduler_.pending(n.timer)) return;
  scheduler_.cancel(n.timer);
  n.timer = want ? scheduler_.schedule(*want, wakeups_, index) : TimerId{};
  n.timer_at = want.value_or(Instant{});
}

void Simulation::reschedule_all() {
  for (std::size_t i = 0; i < nodes_.size(); ++i) reschedule(i);
}

void Simulation::poll_due() {
  polling_.swap(due_);
  std::sort(polling_.begin(), polling_.end());
  for (std::size_t index : polling_) {
    nodes_[index].due = false;
    nodes_[index].node->poll(now_);
    ++polls_;
    reschedule(index);
  }
  polling_.clear();
}

RunStatus Simulation::run(Instant deadline, const std::function<bool()>* keep_going,
                          bool stop_when_idle) {
  // Nodes may have changed between runs (a test started a ping): ask them all again.
  reschedule_all();
  for (;;) {
    if (keep_going != nullptr && !(*keep_going)()) return RunStatus::kStopped;
    const std::optional<Instant> next = scheduler_.next_at();
    if (!next && stop_when_idle) return RunStatus::kIdle;
    if (!next || *next > deadline) {
      now_ = std::max(now_, deadline);
      return RunStatus::kReachedTime;
    }
    if (*next > now_) {
      now_ = *next;
      rounds_at_now_ = 0;
    }
    if (++rounds_at_now_ > kMaxRoundsPerInstant) return RunStatus::kLivelock;
    while (scheduler_.fire_next(now_)) {
    }
    // An action may have changed any node's plans.
    if (std::exchange(action_ran_, false)) reschedule_all();
    poll_due();
  }
}

RunStatus Simulation::run_until(Instant deadline) {
  return run(deadline, nullptr, false);
}

RunStatus Simulation::run_until_idle(Instant deadline) {
  return run(deadline, nullptr, true);
}

RunStatus Simulation::run_while(const std::function<bool()>& keep_going, Instant deadline) {
  return run(deadline, &keep_going, true);
}

Result<Unit, PcapWriteError> Simulation::capture_links(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Err(PcapWriteError{PcapWriteError::Kind::kOpen, dir.string() + ": " + ec.message()});
  for (const auto& link : links_) {
    auto writer = PcapWriter::open((dir / (link->name() + ".pcap")).string());
    if (!writer) return Err(writer.error());
    link->set_recorder(writer->get());
    captures_.push_back(std::move(*writer));
  }
  return Unit{};
}

Result<Unit, PcapWriteError> Simulation::flush_captures() {
  for (const auto& writer : captures_) {
    if (auto r = writer->flush(); !r) return r;
  }
  return Unit{};
}

}  // namespace ws::sim
