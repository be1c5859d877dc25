// The journey (../shared/seed/JOURNEY.md): what happens when you type www.google.com into a
// browser, run on the simulated internet (InternetTopology) with real protocol code. The
// client resolves the URL's host through its stub resolver (the ISP's resolver asks root, com
// and google.com's servers), opens TCP to port 80, sends `GET /`, reads the 200 and its HTML,
// closes (FIN, ACK, FIN, ACK) and waits in TIME-WAIT until CLOSED. Every event is recorded
// with its step (S1–S15) and phase, and the tables that decided a step are snapshotted when
// they are used, for the narration and the ladder to render afterwards.
//
//   ws::sim::Journey journey({.url = *ws::sim::JourneyUrl::parse("http://www.google.com/")});
//   journey.run();
//   for (std::size_t i = 0; i < journey.events().size(); ++i) ... journey.verdicts()[i].step
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wirestack/sim/internet_topology.h"
#include "wirestack/sim/journey_steps.h"
#include "wirestack/trace/event_record.h"

namespace ws::sim {

class JourneyApps;

struct JourneyUrl {
  std::string host = "www.google.com";
  std::uint16_t port = 80;
  std::string path = "/";

  // "http://www.google.com/", "www.google.com", "http://www.google.com:80/index.html".
  // nullopt with `error` set (one line) when it is not such a URL.
  static std::optional<JourneyUrl> parse(std::string_view text, std::string* error);
};

struct JourneyOptions {
  JourneyUrl url;
  std::uint64_t seed = 1;
  bool lose_last_ack = false;  // the client's final ACK is lost once (TIME-WAIT answers again)
  double loss = 0;             // on the home's access line, each direction
  double reorder = 0;
  bool warm = false;  // a first visit fills the DNS and ARP caches; the second is recorded
};

// A table as it stood when a step used it ("client: netstat -rn", "home-router: conntrack -L").
struct JourneyTable {
  std::size_t event;  // shown with the event of this index (the table is its state then)
  std::string title;
  std::string text;
};

struct JourneyResult {
  std::optional<Ipv4Address> address;  // what the lookup answered
  std::uint16_t local_port = 0;        // the browser socket's ephemeral port (S1)
  int status = 0;                      // the HTTP status code
  std::string response;                // status line and headers, as received
  std::string body;                    // the HTML
  bool closed = false;                 // the client's socket went through TIME-WAIT to CLOSED
  std::string error;                   // why the story stopped early, if it did
  Instant start;                       // when the recorded visit began (later with --warm)
  Instant end;
};

class Journey {
 public:
  explicit Journey(const JourneyOptions& options);
  ~Journey();
  Journey(const Journey&) = delete;
  Journey& operator=(const Journey&) = delete;

  // Runs the story. `on_record_start` runs just before the recorded visit starts (with
  // --warm, after the first visit): the moment to start captures. `sink`, when set, gets every
  // recorded event too.
  const JourneyResult& run(const std::function<void(Simulation&)>& on_record_start = {},
                           EventSink* sink = nullptr);

  InternetTopology& internet() { return net_; }
  const InternetTopology& internet() const { return net_; }
  const JourneyOptions& options() const { return options_; }
  const JourneyResult& result() const { return result_; }
  const std::vector<RecordedEvent>& events() const { return events_; }
  const std::vector<StepVerdict>& verdicts() const { return verdicts_; }  // one per event
  const std::vector<JourneyTable>& tables() const { return tables_; }
  // The devices in path order (client first, the server last), for lanes and listings.
  const std::vector<std::string>& path_order() const { return path_order_; }
  // `ip addr`, `netstat -rn` and resolv.conf of the client, before anything is sent.
  std::string client_config() const;

 private:
  class Recorder;
  class LoseFinalAck;
  void snapshot(const Event& event);
  void add_table(std::string title, std::string text);
  std::uint16_t browser_port() const;

  JourneyOptions options_;
  InternetTopology net_;
  std::unique_ptr<Recorder> recorder_;
  std::unique_ptr<JourneyApps> apps_;
  std::unique_ptr<LoseFinalAck> lose_final_ack_;
  bool client_time_wait_ = false;  // the browser's socket is in TIME-WAIT
  JourneyResult result_;
  std::vector<RecordedEvent> events_;
  std::vector<StepVerdict> verdicts_;
  std::vector<JourneyTable> tables_;
  std::vector<std::string> path_order_;
  std::vector<std::string> routes_shown_;  // nodes whose routing table was shown
};

}  // namespace ws::sim
