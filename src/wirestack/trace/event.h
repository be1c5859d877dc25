// Typed events: every layer reports what it did through one EventSink, and renderers (terminal
// lines, JSON Lines, the journey's narration and ladder) turn the same events into output.
// This header is a leaf: any layer may include it; renderers live beside it and no layer
// includes them. With no sink attached, reporting costs one null check.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "wirestack/base/bytes.h"
#include "wirestack/base/time.h"
#include "wirestack/trace/drop_reason.h"
#include "wirestack/wire/address.h"

namespace ws {

enum class Layer : std::uint8_t { kNetworkAccess, kInternet, kTransport, kApplication };
const char* to_string(Layer layer);

// A frame crossed an interface. `frame` is the whole Ethernet frame, valid only during the
// callback (copy what you keep).
struct FrameEvent {
  enum class Direction : std::uint8_t { kIn, kOut };
  Direction direction;
  std::uint32_t ifindex;
  std::string_view ifname;
  Bytes frame;
};

struct ArpEvent {
  enum class What : std::uint8_t {
    kRequestSent, kReplySent, kRequestReceived, kReplyReceived, kGratuitousReceived,
    kCacheAdded, kCacheUpdated, kCacheExpired, kResolutionFailed,
  };
  What what;
  std::uint32_t ifindex;
  Ipv4Address ip;
  MacAddress mac;  // zero when not known yet
};

// The routing decision for one outgoing or forwarded datagram.
struct RouteEvent {
  Ipv4Address dst;
  Ipv4Cidr matched;       // the route's destination prefix
  Ipv4Address next_hop;   // the gateway, or dst itself when directly connected
  std::uint32_t ifindex;
  bool forwarded;         // true on a router's forwarding path
};

struct ForwardEvent {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint8_t ttl_in;
  std::uint8_t ttl_out;
  std::uint32_t in_ifindex;
  std::uint32_t out_ifindex;
};

struct IcmpEvent {
  bool sent;  // false: received
  std::uint8_t type;
  std::uint8_t code;
  Ipv4Address src;
  Ipv4Address dst;
  std::uint16_t ident;  // echo only
  std::uint16_t seq;    // echo only
};

struct DropEvent {
  DropReason reason;
  Layer layer;
  Bytes packet;  // the dropped bytes as far as known; valid only during the callback
};

// The endpoints of a TCP connection, as seen from the reporting host.
struct TcpEndpoints {
  Ipv4Address local;
  std::uint16_t local_port;
  Ipv4Address remote;
  std::uint16_t remote_port;
};

// A TCP connection changed state (RFC 9293 names: "SYN-SENT", "ESTABLISHED", ...).
struct TcpStateEvent {
  TcpEndpoints endpoints;
  const char* from;  // static strings
  const char* to;
};

// A TCP segment was sent again: after a retransmission timeout, or a fast retransmit.
struct TcpRetransmitEvent {
  TcpEndpoints endpoints;
  std::uint32_t seq;
  std::uint32_t len;  // sequence space (data plus SYN/FIN)
  bool timeout;       // false: fast retransmit
};

// A NAT mapping was created, first carried a reply back in, or expired.
struct NatEvent {
  enum class What : std::uint8_t { kCreated, kUsed, kExpired };
  What what;
  std::uint8_t protocol;  // IP protocol number
  Ipv4Address inside;
  std::uint16_t inside_port;  // or ICMP echo identifier
  Ipv4Address outside;
  std::uint16_t outside_port;
  Ipv4Address remote;
  std::uint16_t remote_port;
};

// An HTTP message went out or came in (RFC 9110): its request line or status, and the length
// of its content. Strings are valid only during the callback.
struct HttpEvent {
  enum class What : std::uint8_t { kRequestSent, kRequestReceived, kResponseSent, kResponseReceived };
  What what;
  TcpEndpoints endpoints;
  std::string_view method;  // of the request (for a response: of the request it answers)
  std::string_view target;
  std::uint16_t status;  // responses only; 0 for requests
  std::uint64_t content_bytes;
};

// A step of a DNS resolver (a host's stub or a recursive resolver), for narration and for
// `dig +trace`. Names are text ("www.google.com."), valid only during the callback.
struct DnsEvent {
  enum class What : std::uint8_t {
    kQuerySent,         // a query to `server` from our `local_port`, id `id`
    kResponseReceived,  // an accepted response: `rcode`, `answers`, `bytes`
    kReferral,          // the response delegated `zone`; the lookup goes on there
    kCacheHit,          // the lookup was answered from the cache, no query sent
    kResolved,          // the lookup finished: `rcode`, `answers` records (chain included)
    kTimeout,           // no accepted answer from `server` in time
    kResponseDropped,   // a response not matching a query in flight: `reason`
  };
  What what = What::kQuerySent;
  std::string_view name{};  // the question's name
  std::uint16_t type = 0;   // the question's type
  Ipv4Address server{};     // the server asked, or that (claims to have) answered
  std::uint16_t id = 0;
  std::uint16_t local_port = 0;
  std::uint8_t rcode = 0;
  std::uint16_t answers = 0;
  std::uint16_t bytes = 0;
  std::string_view zone{};  // kReferral
  const char* reason = "";  // kResponseDropped: "unexpected", "malformed", "mismatched"
};

using EventData = std::variant<FrameEvent, ArpEvent, RouteEvent, ForwardEvent, IcmpEvent, DropEvent,
                               TcpStateEvent, TcpRetransmitEvent, NatEvent, HttpEvent,
                               DnsEvent>;

struct Event {
  Instant time;
  std::string_view node;  // the reporting host's name (stable for the host's lifetime)
  Layer layer;
  EventData data;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& event) = 0;
};

// Fans one stream of events out to several sinks (say, the terminal and a JSON file).
class EventFanout final : public EventSink {
 public:
  void add(EventSink* sink) { if (count_ < kMax) sinks_[count_++] = sink; }
  void on_event(const Event& event) override {
    for (std::size_t i = 0; i < count_; ++i) sinks_[i]->on_event(event);
  }

 private:
  static constexpr std::size_t kMax = 8;
  EventSink* sinks_[kMax] = {};
  std::size_t count_ = 0;
};

}  // namespace ws
