// TCP for one host: the IP protocol handler (demultiplexing by a 4-tuple hash, listeners,
// RST for closed ports), the timers of all its connections (a heap), and the non-blocking
// socket API. Sans-IO: driven by poll(now), and poll_at() says when it next needs to run.
//
//   ws::tcp::Layer tcp(host, rng);            // registers for IP protocol 6
//   node.add_app(tcp);                        // the simulator drives poll/poll_at
//   auto l = tcp.listen(80, 128);             // server
//   auto s = tcp.accept(*l);                  //   kWouldBlock until a connection is ready
//   auto c = tcp.connect(now, server_ip, 80);  // client
//   tcp.send(now, *c, bytes); tcp.recv(now, *c, buffer); tcp.close(now, *c);
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/result.h"
#include "wirestack/base/rng.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/host.h"
#include "wirestack/internet/ip_protocol_handler.h"
#include "wirestack/trace/drop_reason.h"
#include "wirestack/trace/event.h"
#include "wirestack/transport/tcp/config.h"
#include "wirestack/transport/tcp/connection.h"
#include "wirestack/transport/tcp/error.h"
#include "wirestack/transport/tcp/isn.h"
#include "wirestack/transport/tcp/state.h"
#include "wirestack/transport/tcp/syn_cookie.h"
#include "wirestack/transport/tcp/timer_heap.h"
#include "wirestack/transport/tcp/tuple.h"

namespace ws::tcp {

// What TCP needs from the internet layer. A Host provides it (HostIpOutput); tests substitute
// a recorder.
class IpOutput {
 public:
  virtual ~IpOutput() = default;
  virtual PacketBuffer take_buffer(std::size_t payload_len) = 0;
  virtual SendResult send(Instant now, const Ipv4Send& send, PacketBuffer&& payload) = 0;
  virtual std::optional<Ipv4Address> source_address_for(Ipv4Address dst) const = 0;
};

class HostIpOutput final : public IpOutput {
 public:
  explicit HostIpOutput(Host& host) : host_(host) {}
  PacketBuffer take_buffer(std::size_t payload_len) override {
    return host_.take_buffer(payload_len);
  }
  SendResult send(Instant now, const Ipv4Send& send, PacketBuffer&& payload) override {
    return host_.send_ipv4(now, send, std::move(payload));
  }
  std::optional<Ipv4Address> source_address_for(Ipv4Address dst) const override {
    return host_.source_address_for(dst);
  }

 private:
  Host& host_;
};

// A socket: a listener or a connection. Stale ids (closed sockets) are recognised.
struct SocketId {
  std::uint32_t index = 0;
  std::uint32_t generation = 0;
  bool operator==(const SocketId&) const = default;
};

// Named after Linux's TCP MIB (`netstat -s`), plus drops by reason.
struct LayerCounters {
  std::uint64_t active_opens = 0;
  std::uint64_t passive_opens = 0;
  std::uint64_t attempt_fails = 0;
  std::uint64_t estab_resets = 0;
  std::uint64_t in_segs = 0;
  std::uint64_t out_segs = 0;
  std::uint64_t retrans_segs = 0;
  std::uint64_t in_errs = 0;
  std::uint64_t in_csum_errors = 0;
  std::uint64_t out_rsts = 0;
  std::uint64_t listen_overflows = 0;
  std::uint64_t challenge_acks = 0;
  std::uint64_t syncookies_sent = 0;
  std::uint64_t syncookies_recv = 0;
  std::uint64_t syncookies_failed = 0;
  DropCounters drops;
};

class Layer final : public IpProtocolHandler, private Env {
 public:
  static constexpr std::uint16_t kEphemeralFirst = 49152;  // IANA's range (RFC 6335)
  static constexpr std::uint16_t kEphemeralLast = 65535;

  // Registers itself with `host` for IP protocol 6.
  Layer(Host& host, Rng& rng, Config config = {});
  // Over any IP output; `node` names the host in events.
  Layer(IpOutput& ip, Rng& rng, Config config, std::string node);
  ~Layer() override;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  void set_event_sink(EventSink* sink) { sink_ = sink; }
  const Config& config() const { return config_; }
  // The defaults for connections created from now on.
  void set_config(const Config& config) { config_ = config; }
  // `callback` is called with every socket whose readiness or state changed (after the layer
  // is done with it, so the callback may use the socket API); several applications on one
  // layer each add theirs and pick out their own sockets. Returns a handle for removal.
  std::uint32_t add_ready_callback(std::function<void(SocketId)> callback);
  void remove_ready_callback(std::uint32_t handle);

  // A listener on `port` (every local address). Accepted connections use `config` (default:
  // the layer's). The SYN queue and the accept queue each hold at most `backlog` connections;
  // with the SYN queue full, SYNs are answered with SYN cookies (or dropped, without them).
  Result<SocketId, Error> listen(std::uint16_t port, std::uint32_t backlog,
                                 std::optional<Config> config = std::nullopt);
  Result<SocketId, Error> accept(SocketId listener);
  // Active open from an ephemeral port; the SYN leaves at once.
  Result<SocketId, Error> connect(Instant now, Ipv4Address remote, std::uint16_t port,
                                  std::optional<Config> config = std::nullopt);
  // Bytes queued (kWouldBlock when the send buffer is full).
  Result<std::size_t, Error> send(Instant now, SocketId id, Bytes data);
  // Bytes read; 0 at end of stream (the peer's FIN, all data read); kWouldBlock when nothing
  // is there yet.
  Result<std::size_t, Error> recv(Instant now, SocketId id, MutableBytes out);
  // No more data from us (FIN after what is queued); receiving goes on.
  Result<Unit, Error> shutdown(Instant now, SocketId id);
  // Releases the socket: the connection closes gracefully in the background (with a RST
  // instead when received data was left unread, like Linux). A listener resets its queued
  // connections.
  Result<Unit, Error> close(Instant now, SocketId id);
  // RST now, and release.
  Result<Unit, Error> abort(Instant now, SocketId id);

  std::optional<State> state(SocketId id) const;
  bool readable(SocketId id) const;  // data, end of stream, an error, or (listener) a connection
  bool writable(SocketId id) const;
  Error error(SocketId id) const;
  const Connection* connection(SocketId id) const;

  void poll(Instant now);
  std::optional<Instant> poll_at() const;

  void on_datagram(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint32_t ifindex) override;
  void on_icmp_error(Instant now, const IcmpError& error) override;
  void end_poll(Instant now) override;

  // Every socket like `ss -tani`: a line per socket, and for connections an indented line
  // of internals (options, rto, rtt, mss, cwnd, bytes, segments).
  std::string format_ss() const;
  // Like the Tcp section of `netstat -s`.
  std::string format_counters() const;
  const LayerCounters& counters() const { return counters_; }
  // Connections in the demultiplexing table (TIME-WAIT included).
  std::size_t connection_count() const { return by_tuple_.size(); }

 private:
  static constexpr std::uint32_t kNone = 0xffffffff;

  Layer(std::unique_ptr<IpOutput> owned, IpOutput* ip, Rng& rng, Config config, std::string node);

  struct Listener {
    std::uint16_t port;
    std::uint32_t backlog;
    std::uint32_t embryonic = 0;      // SYN-RECEIVED children
    std::deque<std::uint32_t> ready;  // established children not yet accepted
    Config config;
  };
  struct Slot {
    std::unique_ptr<Connection> conn;
    std::unique_ptr<Listener> listener;
    std::uint32_t generation = 0;
    std::uint32_t parent = kNone;  // the listener, until accepted
    bool queued = false;           // in the parent's accept queue
    bool released = false;         // the user closed it (or never saw it)
    std::uint8_t ready_mask = 0;
  };

  // Env
  void transmit(Instant now, const Tuple& tuple, const TcpRepr& repr, RingSlices payload) override;
  void state_changed(Instant now, Connection& conn, State from, State to) override;
  void retransmitted(Instant now, const Connection& conn, Seq seq, std::uint32_t len,
                     bool timeout) override;
  void dropped(Instant now, DropReason reason) override;
  bool allow_challenge_ack(Instant now) override;
  BufferPool& buffer_pool() override { return buffers_; }
  void ack_at_end_of_poll(const Connection& conn) override;

  void listen_input(Instant now, std::uint32_t listener, const Tuple& tuple, const TcpRepr& seg,
                    Bytes payload);
  void send_cookie(Instant now, const Tuple& tuple, const TcpRepr& syn, const Config& config);
  // The final ACK of a handshake we answered with a cookie: a connection, or false.
  bool accept_cookie(Instant now, std::uint32_t listener, const Tuple& tuple, const TcpRepr& ack,
                     Bytes payload);
  // RFC 9293 §3.10.7.1: the answer to a segment for no connection.
  void send_reset_for(Instant now, const Tuple& tuple, const TcpRepr& seg, std::size_t payload_len);
  std::uint32_t create(const Tuple& tuple, const Config& config, Instant now,
                       std::optional<Seq> iss_from_cookie = std::nullopt);
  std::uint16_t pick_port(Ipv4Address local, Ipv4Address remote, std::uint16_t remote_port);
  // After any call into a connection: reap it when done, re-arm its timer, report readiness.
  void after(std::uint32_t index);
  void schedule(std::uint32_t index);
  void free_slot(std::uint32_t index);
  void detach_from_parent(std::uint32_t index);
  std::uint32_t alloc_slot();
  Slot* socket(SocketId id);
  const Slot* socket(SocketId id) const;
  Connection* user_connection(SocketId id);
  std::uint8_t ready_mask(const Slot& slot) const;
  void notify(std::uint32_t index);

  std::unique_ptr<IpOutput> owned_output_;
  IpOutput* ip_;
  Config config_;
  std::string node_;
  EventSink* sink_ = nullptr;
  IsnGenerator isn_;
  SynCookies cookies_;
  SipKey port_key_;
  SipKey ts_key_;
  std::uint32_t next_ephemeral_;
  BufferPool buffers_;  // before slots_: the connections give their storage back to it
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::unordered_map<Tuple, std::uint32_t, TupleHash> by_tuple_;
  std::unordered_map<std::uint16_t, std::uint32_t> listeners_;
  TimerHeap timers_;  // by slot index: each connection's next timer
  // Connections owing an ACK at the end of this poll (Config::coalesce_acks), by 4-tuple: a
  // slot may be freed and reused before then. Kept between polls, so its room is reused.
  std::vector<Tuple> acks_at_end_of_poll_;
  std::vector<std::pair<std::uint32_t, std::function<void(SocketId)>>> ready_;
  std::uint32_t next_ready_handle_ = 0;
  std::uint32_t notify_listener_ = kNone;
  Instant challenge_window_;
  std::uint32_t challenge_count_ = 0;
  LayerCounters counters_;
};

}  // namespace ws::tcp
