// Maps the journey's events to the steps S1–S15 of ../shared/seed/JOURNEY.md (the user's
// note, step by step) and each frame to a phase of the story (ARP, DNS, the TCP handshake,
// HTTP, the teardown), so that the narration and the ladder can group and colour them.
// Stateful: a bare ACK belongs to the handshake, the exchange or the teardown depending on
// what came before on its connection, so events must be classified in the order they happened.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "wirestack/trace/event.h"

namespace ws::sim {

inline constexpr int kFirstStep = 1;
inline constexpr int kLastStep = 15;

enum class Phase : std::uint8_t { kOther, kArp, kDns, kHandshake, kHttp, kTeardown };
// "arp", "dns", "handshake", "http", "teardown", "other": stable keys (CSS classes, JSON).
const char* phase_key(Phase phase);

// Who plays which part: the classifier knows the story only through these names and addresses.
struct StepCast {
  std::string client;
  Ipv4Address client_ip;
  std::string server;
  Ipv4Address server_ip;
  std::uint16_t server_port = 80;
  std::string resolver;              // the configured DNS server's host (S3)
  std::string nat_router;            // the home router, where S9 happens
  std::vector<std::string> routers;  // every forwarding node
};

struct StepVerdict {
  int step = 0;  // 1..15; 0 only before anything could be placed
  Phase phase = Phase::kOther;
};

class StepClassifier {
 public:
  explicit StepClassifier(StepCast cast) : cast_(std::move(cast)) {}

  StepVerdict classify(const Event& event);

 private:
  struct Conversation {
    bool data = false;  // a segment with payload was seen
    bool fin = false;   // a FIN was seen
  };
  StepVerdict frame(const Event& event, const FrameEvent& f);
  StepVerdict tcp_frame(const Event& event, const FrameEvent& f, std::uint16_t src_port,
                        std::uint16_t dst_port, std::uint8_t flags, std::size_t payload_len);
  int arp_step(std::string_view node, Ipv4Address a, Ipv4Address b) const;
  bool is_router(std::string_view node) const;
  int teardown_step() const { return fin_again_ ? 15 : 14; }

  StepCast cast_;
  std::map<std::uint32_t, Conversation> conversations_;  // by the pair of ports
  bool client_time_wait_ = false;
  bool final_ack_sent_ = false;  // the client's ACK of the server's FIN went out once
  bool fin_again_ = false;       // ... and the server's FIN came again (TIME-WAIT at work)
  int last_step_ = 0;
};

}  // namespace ws::sim
