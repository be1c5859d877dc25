// The simulator's driver: it owns the virtual clock, the scheduler, the links and switches, and
// drives the nodes (hosts, routers, switches) registered with it. Each step advances the clock
// to the earliest pending event (a frame arriving, a node's poll_at, a scripted action), fires
// every event due then, and polls the nodes that became due, in registration order. Nothing
// else decides the order, so the same inputs give the same run, event for event.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wirestack/base/result.h"
#include "wirestack/link/pcap/pcap_writer.h"
#include "wirestack/sim/link.h"
#include "wirestack/sim/scheduler.h"
#include "wirestack/sim/sim_node.h"
#include "wirestack/sim/switch.h"

namespace ws::sim {

// Why a run returned.
enum class RunStatus : std::uint8_t {
  kReachedTime,  // the deadline came; the clock stands at it
  kIdle,         // nothing is pending at all; the clock stands at the last event
  kStopped,      // the run_while predicate turned false
  kLivelock,     // too many rounds at one instant (say, a zero-latency broadcast loop)
};
const char* to_string(RunStatus status);

class Simulation {
 public:
  // Steps at one instant before a run gives up with kLivelock.
  static constexpr std::uint64_t kMaxRoundsPerInstant = 1'000'000;

  explicit Simulation(Instant start = Instant::epoch());
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  Instant now() const { return now_; }
  Scheduler& scheduler() { return scheduler_; }

  // Registers a node (not owned; it must outlive the simulation's runs). It is polled when its
  // poll_at() comes and when a frame arrives on a link end attached to it.
  void add_node(SimNode& node);
  // Frames arriving at `end` wake `node` (which is added if it was not).
  void attach(SimNode& node, LinkEnd& end);

  Link& add_link(std::string name, const LinkConfig& config = {});
  // A switch, registered as a node.
  Switch& add_switch(std::string name, const SwitchConfig& config = {});
  // Cables a new port of `sw` with a new link named "<switch>-p<port>"; returns the link's
  // other end, for a host to use (and attach).
  LinkEnd& connect_port(Switch& sw, const LinkConfig& config = {});

  // Runs `action` at `at` (not before now), between polls: a scenario's script.
  void call_at(Instant at, std::function<void(Instant)> action);

  RunStatus run_until(Instant deadline);
  RunStatus run_for(Duration d) { return run_until(now_ + d); }
  // Until nothing is pending, or the deadline.
  RunStatus run_until_idle(Instant deadline);
  // While `keep_going()` holds (checked before every step), or until idle or the deadline.
  RunStatus run_while(const std::function<bool()>& keep_going, Instant deadline);

  // Records every link existing now into "<dir>/<link name>.pcap" (creating dir).
  Result<Unit, PcapWriteError> capture_links(const std::filesystem::path& dir);
  Result<Unit, PcapWriteError> flush_captures();

  const std::vector<std::unique_ptr<Link>>& links() const { return links_; }
  std::uint64_t polls() const { return polls_; }

 private:
  struct Node {
    SimNode* node;
    TimerId timer;
    Instant timer_at;
    bool due = false;
  };
  // Scheduler events that make a node due (tag: the node's index).
  class Wakeups final : public EventHandler {
   public:
    explicit Wakeups(Simulation& sim) : sim_(sim) {}
    void on_event(Instant at, std::uint64_t tag) override;

   private:
    Simulation& sim_;
  };
  // Scheduler events that run a call_at action (tag: its slot).
  class Actions final : public EventHandler {
   public:
    explicit Actions(Simulation& sim) : sim_(sim) {}
    void on_event(Instant at, std::uint64_t tag) override;

   private:
    Simulation& sim_;
  };

  RunStatus run(Instant deadline, const std::function<bool()>* keep_going, bool stop_when_idle);
  // The node's index, adding the node when it is new.
  std::size_t index_of(SimNode& node);
  void mark_due(std::size_t index);
  void poll_due();
  // Keeps the node's wake-up timer at its poll_at() (never before now).
  void reschedule(std::size_t index);
  void reschedule_all();

  Instant now_;
  std::uint64_t rounds_at_now_ = 0;
  Scheduler scheduler_;
  Wakeups wakeups_{*this};
  Actions actions_{*this};
  std::vector<Node> nodes_;
  std::vector<std::size_t> due_;
  std::vector<std::size_t> polling_;
  std::vector<std::function<void(Instant)>> actions_pending_;
  std::vector<std::uint64_t> free_actions_;
  bool action_ran_ = false;
  std::uint64_t polls_ = 0;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::unique_ptr<Switch>> switches_;
  std::vector<std::unique_ptr<PcapWriter>> captures_;
};

}  // namespace ws::sim
