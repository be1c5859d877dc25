// Segment-script tests for the TCP layer (smoltcp's send!/recv!, gVisor's checker): inject a
// TcpRepr as if from the peer, and expect exactly the TcpRepr the layer sends. The layer sits
// on a recording IP output instead of a Host, so each test sees TCP segments only.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/transport/tcp/tcp_layer.h"
#include "wirestack/wire/ipv4.h"
#include "wirestack/wire/tcp.h"

namespace ws::tcp::test {

inline constexpr Ipv4Address kLocal = Ipv4Address::of(192, 168, 1, 10);
inline constexpr Ipv4Address kRemote = Ipv4Address::of(203, 0, 113, 10);
inline constexpr std::uint16_t kLocalPort = 80;
inline constexpr std::uint16_t kRemotePort = 40000;

struct Sent {
  Ipv4Address src;
  Ipv4Address dst;
  TcpRepr repr;
  std::vector<std::uint8_t> payload;
  bool dont_fragment = false;
};

class RecordingIp final : public IpOutput {
 public:
  PacketBuffer take_buffer(std::size_t) override { return pool_.take(); }
  SendResult send(Instant, const Ipv4Send& send, PacketBuffer&& buffer) override {
    auto packet = TcpPacket::check(buffer.data());
    EXPECT_TRUE(packet.ok());
    if (packet.ok()) {
      auto repr = TcpRepr::parse(*packet, send.src, send.dst);
      EXPECT_TRUE(repr.ok()) << "the layer sent a segment that does not parse";
      if (repr.ok()) {
        Bytes payload = packet->payload();
        sent.push_back(
            {send.src, send.dst, *repr, {payload.begin(), payload.end()}, send.dont_fragment});
      }
    }
    pool_.give(std::move(buffer));
    return SendResult::kSent;
  }
  std::optional<Ipv4Address> source_address_for(Ipv4Address) const override { return kLocal; }

  std::deque<Sent> sent;

 private:
  PacketPool pool_{PacketBuffer::kDefaultHeadroom + 70000};
};

class EventLog final : public EventSink {
 public:
  void on_event(const Event& e) override {
    if (const auto* s = std::get_if<TcpStateEvent>(&e.data)) {
      states.push_back(std::string(s->from) + " -> " + s->to);
    }
    if (std::holds_alternative<TcpRetransmitEvent>(e.data)) ++retransmits;
    if (const auto* d = std::get_if<DropEvent>(&e.data)) drops.push_back(d->reason);
  }
  std::vector<std::string> states;
  std::vector<DropReason> drops;
  int retransmits = 0;
};

// A config with every option off, so that plain segments are easy to write; tests that are
// about an option turn it on.
inline Config plain_config() {
  Config c;
  c.window_scale = false;
  c.timestamps = false;
  c.sack = false;
  c.receive_buffer = 65535;
  c.send_buffer = 65535;
  c.msl = Duration::seconds(1);
  return c;
}

class TcpTest : public ::testing::Test {
 protected:
  explicit TcpTest(Config config = plain_config()) : layer_(ip_, rng_, config, "local") {
    layer_.set_event_sink(&events_);
  }

  // A segment from the peer to us, with the ports of the connection under test.
  TcpRepr seg(std::uint16_t flags, Seq seq, Seq ack = Seq(0), std::uint16_t window = 65535) {
    TcpRepr r;
    r.src_port = remote_port_;
    r.dst_port = local_port_;
    r.flags = flags;
    r.seq = seq;
    r.ack = ack;
    r.window = window;
    return r;
  }
  // What we expect the layer to send.
  TcpRepr out(std::uint16_t flags, Seq seq, Seq ack, std::uint16_t window = 65535) {
    TcpRepr r;
    r.src_port = local_port_;
    r.dst_port = remote_port_;
    r.flags = flags;
    r.seq = seq;
    r.ack = ack;
    r.window = window;
    return r;
  }

  void inject(const TcpRepr& r, Bytes payload = {}) {
    std::vector<std::uint8_t> bytes(r.header_len() + payload.size());
    std::copy(payload.begin(), payload.end(), bytes.begin() + static_cast<long>(r.header_len()));
    r.emit(bytes, kRemote, kLocal);
    Ipv4Repr ip;
    ip.src = kRemote;
    ip.dst = kLocal;
    ip.protocol = ip_proto::kTcp;
    ip.payload_len = static_cast<std::uint16_t>(bytes.size());
    layer_.on_datagram(now_, ip, bytes, 1);
  }
  void inject(const TcpRepr& r, const std::string& text) {
    inject(r, Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }

  // The next segment the layer sent, compared in tcpdump's words (flags, seq, ack, window,
  // options, length) so a failure shows both segments.
  Sent expect(const TcpRepr& expected, std::size_t payload_len = 0) {
    if (ip_.sent.empty()) {
      ADD_FAILURE() << "nothing sent; expected " << expected.to_string(payload_len);
      return {};
    }
    Sent s = std::move(ip_.sent.front());
    ip_.sent.pop_front();
    EXPECT_EQ(s.repr.to_string(s.payload.size()), expected.to_string(payload_len));
    EXPECT_EQ(s.repr.src_port, expected.src_port);
    EXPECT_EQ(s.repr.dst_port, expected.dst_port);
    return s;
  }
  Sent next() {
    if (ip_.sent.empty()) {
      ADD_FAILURE() << "nothing sent";
      return {};
    }
    Sent s = std::move(ip_.sent.front());
    ip_.sent.pop_front();
    return s;
  }
  void expect_nothing() {
    for (const Sent& s : ip_.sent)
      ADD_FAILURE() << "unexpected " << s.repr.to_string(s.payload.size());
    ip_.sent.clear();
  }

  // Moves the clock and runs the timers due.
  void advance(Duration d) {
    now_ += d;
    layer_.poll(now_);
  }

  // A listener on kLocalPort and a connection accepted from the peer's SYN (ISN `peer_iss`);
  // returns the socket, with our ISN in local_iss_.
  SocketId establish_passive(Seq peer_iss = Seq(1000)) {
    return establish_passive_with({}, peer_iss);
  }
  // The same, the peer's SYN carrying `options`.
  SocketId establish_passive_with(const TcpOptions& options, Seq peer_iss = Seq(1000)) {
    auto l = layer_.listen(local_port_, 8);
    EXPECT_TRUE(l.ok());
    listener_ = *l;
    TcpRepr syn = seg(tcp_flag::kSyn, peer_iss);
    syn.options = options;
    inject(syn);
    Sent synack = next();
    local_iss_ = synack.repr.seq;
    inject(seg(tcp_flag::kAck, peer_iss + 1, local_iss_ + 1));
    auto s = layer_.accept(listener_);
    EXPECT_TRUE(s.ok());
    expect_nothing();
    return *s;
  }

  // An active open answered by the peer's SYN-ACK (ISN `peer_iss`).
  SocketId establish_active(Seq peer_iss = Seq(5000)) {
    auto c = layer_.connect(now_, kRemote, remote_port_);
    EXPECT_TRUE(c.ok());
    Sent syn = next();
    local_iss_ = syn.repr.seq;
    local_port_ = syn.repr.src_port;
    inject(seg(tcp_flag::kSyn | tcp_flag::kAck, peer_iss, local_iss_ + 1));
    next();  // the ACK
    return *c;
  }

  // `count` full-sized (1460-byte) in-order segments from the peer, from `seq` on; returns
  // the sequence number after them.
  Seq inject_full_segments(Seq seq, int count) {
    const std::string full(1460, 'x');
    for (int i = 0; i < count; ++i) {
      inject(seg(tcp_flag::kAck, seq, local_iss_ + 1), full);
      seq += 1460;
    }
    return seq;
  }

  std::size_t send_text(SocketId s, const std::string& text) {
    auto r = layer_.send(now_, s,
                         Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    return r.ok() ? *r : 0;
  }
  std::string recv_text(SocketId s, std::size_t max = 65536) {
    std::string buf(max, '\0');
    auto r =
        layer_.recv(now_, s, MutableBytes(reinterpret_cast<std::uint8_t*>(buf.data()), buf.size()));
    buf.resize(r.ok() ? *r : 0);
    return buf;
  }

  Rng rng_{42};
  RecordingIp ip_;
  EventLog events_;
  Layer layer_;
  Instant now_ = Instant::from_nanos(1'000'000'000);
  std::uint16_t local_port_ = kLocalPort;
  std::uint16_t remote_port_ = kRemotePort;
  SocketId listener_;
  Seq local_iss_;
};

inline std::string text(const Sent& s) {
  return std::string(s.payload.begin(), s.payload.end());
}

}  // namespace ws::tcp::test
