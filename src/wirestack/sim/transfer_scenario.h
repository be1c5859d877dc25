// A bulk TCP transfer between two hosts over a simulated path, for `wirestack transfer` and the
// transfer tests:
//
//   sender ── lan ── r1 ══ path ══ r2 ── lan2 ── receiver
//   10.0.1.2     10.0.1.1  10.0.2.1/.2  10.0.3.1     10.0.3.2
//
// The path between the routers has the spec's latency, rate, MTU and faults (both directions);
// the LANs are clean gigabit links at MTU 1500 (or the path's, when larger), so both ends offer
// an MSS for 1500 and a narrower path is found only by path MTU discovery (the routers' ICMP
// fragmentation needed). The sender writes `bytes` pseudo-random bytes (from the seed), then
// shuts down; the receiver reads to end of stream and closes. Both ends hash what they moved.
#pragma once

#include <cstdint>
#include <memory>

#include "wirestack/base/sha256.h"
#include "wirestack/link/fault_injector.h"
#include "wirestack/sim/topology.h"
#include "wirestack/transport/tcp/tcp_layer.h"

namespace ws::sim {

struct TransferSpec {
  std::uint64_t bytes = 1'000'000;
  std::uint64_t seed = 1;
  FaultConfig faults;                             // on the path, each direction
  Duration delay = Duration::millis(10);          // the path's one-way latency
  std::uint64_t bits_per_second = 100'000'000;    // the path's rate
  std::size_t mtu = 1500;                         // the path's MTU
  tcp::Config tcp;                                // both ends
  Duration time_limit = Duration::seconds(3600);  // simulated
};

struct TransferReport {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  Sha256::Digest sent_hash{};
  Sha256::Digest received_hash{};
  // The receiver saw the end of the stream, and both ends' connections then closed without an
  // error and left their tables (the sender's after TIME-WAIT).
  bool completed = false;
  bool closed_cleanly = false;
  tcp::Error sender_error = tcp::Error::kNone;
  tcp::Error receiver_error = tcp::Error::kNone;
  Duration duration;  // simulated: from connect to the receiver's end of stream
  // The sender's connection as it last was before it closed.
  tcp::ConnectionCounters sender;
  tcp::Connection::Info sender_info{};
  tcp::ConnectionCounters receiver;
  tcp::LayerCounters sender_layer;
  tcp::LayerCounters receiver_layer;
};

class TransferScenario {
 public:
  explicit TransferScenario(const TransferSpec& spec);
  ~TransferScenario();
  TransferScenario(const TransferScenario&) = delete;
  TransferScenario& operator=(const TransferScenario&) = delete;

  // Before run(): to attach captures and event sinks.
  Topology& topology() { return topo_; }
  tcp::Layer& sender_tcp() { return *sender_tcp_; }
  tcp::Layer& receiver_tcp() { return *receiver_tcp_; }
  void set_event_sink(EventSink* sink);

  TransferReport run();

 private:
  class Sender;
  class Receiver;

  TransferSpec spec_;
  Topology topo_;
  std::unique_ptr<tcp::Layer> sender_tcp_;
  std::unique_ptr<tcp::Layer> receiver_tcp_;
  std::unique_ptr<Sender> sender_;
  std::unique_ptr<Receiver> receiver_;
};

}  // namespace ws::sim
