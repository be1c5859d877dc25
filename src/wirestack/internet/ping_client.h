// A ping client on a Host, like Linux's `ping`: sends `count` echo requests every `interval`,
// records replies (seq, ttl, rtt, from) and ICMP errors (which router said what), and prints
// the same lines and summary. Sans-IO: driven by poll(now) / poll_at() beside its host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wirestack/base/time.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/ip_protocol_handler.h"

namespace ws {

struct PingConfig {
  Ipv4Address dst;
  std::uint16_t ident = 1;
  std::uint32_t count = 4;                   // -c
  Duration interval = Duration::seconds(1);  // -i
  std::uint8_t ttl = 64;                     // -t
  std::size_t payload_size = 56;             // -s
  Duration linger = Duration::seconds(10);   // -W: wait after the last request
};

struct PingRecord {
  enum class Kind : std::uint8_t { kReply, kError, kSendFailed };
  Kind kind = Kind::kReply;
  Instant time;
  std::uint16_t seq = 0;
  Ipv4Address from;
  std::size_t bytes = 0;  // ICMP length of a reply
  std::uint8_t ttl = 0;
  Duration rtt;
  bool duplicate = false;
  std::uint8_t icmp_type = 0;  // kError
  std::uint8_t icmp_code = 0;
  std::uint16_t mtu = 0;
  SendResult send_result = SendResult::kSent;  // kSendFailed
};

struct PingStats {
  std::uint32_t transmitted = 0;
  std::uint32_t received = 0;
  std::uint32_t duplicates = 0;
  std::uint32_t errors = 0;
  Duration rtt_min, rtt_max, rtt_avg, rtt_mdev;
  Duration time;  // first request to last request
};

class PingClient final : public IcmpEchoListener {
 public:
  PingClient(Host& host, PingConfig config);
  ~PingClient() override;
  PingClient(const PingClient&) = delete;
  PingClient& operator=(const PingClient&) = delete;

  // Sends whatever request is due (the first on the first call).
  void poll(Instant now);
  std::optional<Instant> poll_at() const;
  bool done() const { return done_; }

  const std::vector<PingRecord>& records() const { return records_; }
  PingStats stats() const;

  // "PING 198.51.100.7 (198.51.100.7) 56(84) bytes of data."
  std::string header_line() const;
  // "64 bytes from 198.51.100.7: icmp_seq=1 ttl=62 time=1.23 ms" /
  // "From 10.0.1.1 icmp_seq=1 Time to live exceeded"
  std::string format(const PingRecord& record) const;
  // "--- ... ping statistics ---", "4 packets transmitted, 4 received, 0% packet loss, time
  // 3000ms", "rtt min/avg/max/mdev = ..." (the last only when something came back).
  std::string summary() const;

  void on_echo_reply(Instant now, const Ipv4Repr& ip, std::uint16_t seq, Bytes data) override;
  void on_echo_error(Instant now, const IcmpError& error, std::uint16_t seq) override;

 private:
  void send_request(Instant now);
  // The slot of `seq` if it is a sequence number we sent.
  std::optional<std::size_t> slot(std::uint16_t seq) const;
  void answered(std::size_t slot);

  Host& host_;
  PingConfig config_;
  std::vector<std::uint8_t> payload_;
  std::vector<Instant> sent_at_;       // by slot
  std::vector<std::uint8_t> replied_;  // by slot: 1 reply seen, 2 error seen
  std::vector<PingRecord> records_;
  std::uint32_t sent_ = 0;
  std::uint32_t outstanding_ = 0;
  std::optional<Instant> first_send_;
  Instant last_send_;
  Instant next_send_;
  bool done_ = false;
  std::uint32_t received_ = 0, duplicates_ = 0, errors_ = 0;
  double rtt_sum_ = 0, rtt_sum2_ = 0;  // nanoseconds
  Duration rtt_min_, rtt_max_;
};

}  // namespace ws
