// One node's stack below the transport layer: Ethernet interfaces with their ARP tables, a
// routing table, IPv4 input/output and forwarding, fragmentation and reassembly, and ICMP.
// Sans-IO: driven only by poll(now); poll_at() says when it next needs to run.
//
//   ws::Host host("client", rng);
//   auto& eth0 = host.add_interface({"eth0", mac, *Ipv4Cidr::parse("192.168.0.10/24")}, device);
//   host.add_route(Ipv4Cidr(Ipv4Address::any(), 0), Ipv4Address::of(192, 168, 0, 1));
//   host.set_event_sink(&sink);
//   host.poll(now);  // whenever a frame may have arrived, or at poll_at()
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wirestack/base/packet_buffer.h"
#include "wirestack/base/rng.h"
#include "wirestack/base/time.h"
#include "wirestack/internet/counters.h"
#include "wirestack/internet/icmp_rate_limiter.h"
#include "wirestack/internet/interface.h"
#include "wirestack/internet/ip_protocol_handler.h"
#include "wirestack/internet/packet_hook.h"
#include "wirestack/internet/reassembly.h"
#include "wirestack/internet/routing_table.h"
#include "wirestack/trace/event.h"
#include "wirestack/wire/arp.h"
#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws {

struct HostConfig {
  bool forwarding = false;  // a router forwards datagrams not addressed to it
  std::uint8_t default_ttl = 64;
  ReassemblyConfig reassembly;
  IcmpRateLimit icmp_rate_limit;
  std::size_t loopback_queue = 64;  // datagrams to our own addresses, delivered at next poll
};

// What to put in the IP header of a datagram this host originates.
struct Ipv4Send {
  Ipv4Address dst;
  std::uint8_t protocol = 0;
  Ipv4Address src;                  // unspecified: the outgoing interface's address
  std::optional<std::uint8_t> ttl;  // unset: HostConfig::default_ttl
  bool dont_fragment = false;
  std::uint8_t dscp_ecn = 0;
};

enum class SendResult : std::uint8_t {
  kSent,     // handed to the device (or the loopback queue), fragmented if it had to be
  kQueued,   // waiting for ARP to resolve the next hop
  kNoRoute,  // no route to the destination (ENETUNREACH)
  kTooBig,   // larger than the MTU with DF set (EMSGSIZE)
  kDropped,  // the ARP queue or table overflowed
};

class Host {
 public:
  Host(std::string name, Rng& rng, HostConfig config = {});
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }

  // Adds an interface on `device` (ifindex 1, 2, ... in order) and its connected route.
  Interface& add_interface(InterfaceConfig config, Device& device);
  Interface* interface(std::uint32_t ifindex);
  const std::vector<std::unique_ptr<Interface>>& interfaces() const { return interfaces_; }

  // A static route through `gateway`, which must be on a connected subnet (false otherwise).
  // Ipv4Cidr(Ipv4Address::any(), 0) is the default route.
  bool add_route(Ipv4Cidr destination, Ipv4Address gateway);
  RoutingTable& routes() { return routes_; }
  const RoutingTable& routes() const { return routes_; }

  void set_forwarding(bool on) { config_.forwarding = on; }
  bool forwarding() const { return config_.forwarding; }
  void set_event_sink(EventSink* sink) { sink_ = sink; }
  // Layers above (transports, a NAT) report through the host's sink, under its name.
  EventSink* event_sink() const { return sink_; }
  // A filter or NAT on the datagram path (not owned; null removes it).
  void set_packet_hook(PacketHook* hook) { hook_ = hook; }

  // Transports register by IP protocol number; ping clients by ICMP echo identifier.
  void register_protocol(std::uint8_t protocol, IpProtocolHandler* handler);
  void register_echo_listener(std::uint16_t ident, IcmpEchoListener* listener);
  void unregister_echo_listener(std::uint16_t ident);

  // Takes frames from every device, runs timers (ARP retries and ageing, reassembly timeouts),
  // and sends whatever that causes.
  void poll(Instant now);
  std::optional<Instant> poll_at() const;
  // After poll() and the applications that run after it: lets the transports send what they
  // held back for the end of the poll (IpProtocolHandler::end_poll).
  void end_poll(Instant now);

  // A pooled buffer with room in front for the IP and Ethernet headers, for a payload of
  // `payload_len` bytes. Give it to send_ipv4() or back with give_buffer().
  PacketBuffer take_buffer(std::size_t payload_len);
  void give_buffer(PacketBuffer&& buffer);
  // Sends `payload` (the transport header and data, already in the buffer) as one IPv4
  // datagram: route lookup, fragmentation when needed, ARP resolution, Ethernet framing.
  SendResult send_ipv4(Instant now, const Ipv4Send& send, PacketBuffer&& payload);
  // The source address a datagram to `dst` would carry (for transport checksums).
  std::optional<Ipv4Address> source_address_for(Ipv4Address dst) const;
  bool is_local_address(Ipv4Address a) const;
  // For a transport: an ICMP error about a datagram it received (`ip` as parsed, `payload` its
  // transport header and data), e.g. port unreachable; RFC 1122 §3.2.2's rules apply.
  void send_icmp_error_about(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint8_t type,
                             std::uint8_t code);

  const HostCounters& counters() const { return counters_; }
  std::string format_neighbours() const;      // ip neigh
  std::string format_routes() const;          // ip route
  std::string format_routes_netstat() const;  // netstat -rn
  std::string format_counters() const;        // netstat -s

 private:
  // Ethernet and ARP (host_link.cpp)
  void receive_frame(Instant now, Interface& iface, Bytes frame);
  void arp_input(Instant now, Interface& iface, Bytes packet);
  void send_arp(Instant now, Interface& iface, ArpOperation op, MacAddress target_mac,
                Ipv4Address target_ip, MacAddress frame_dst);
  void ethernet_output(Instant now, Interface& iface, MacAddress dst, std::uint16_t ethertype,
                       PacketBuffer&& buffer);
  SendResult neighbour_output(Instant now, Interface& iface, Ipv4Address next_hop,
                              PacketBuffer&& datagram);
  void run_arp_timers(Instant now, Interface& iface);

  // IPv4 input, local delivery and forwarding (host_ipv4_input.cpp)
  void ipv4_input(Instant now, Interface& iface, Bytes packet, bool link_broadcast);
  void hooked_input(Instant now, Interface& iface, Bytes datagram, bool link_broadcast);
  // A fragment on its way to a hook that wants whole datagrams (PacketHook).
  void defragment_for_hook(Instant now, Interface& iface, const Ipv4Repr& ip,
                           const Ipv4Packet& packet, bool link_broadcast);
  // Adds a fragment to `reassembler`: the whole datagram once complete; otherwise nothing, the
  // fragment kept or dropped (counted, with its reason).
  std::optional<Bytes> add_fragment(Instant now, Reassembler& reassembler, const Ipv4Repr& ip,
                                    const Ipv4Packet& packet);
  void route_input(Instant now, Interface& iface, const Ipv4Packet& view, const Ipv4Repr& ip,
                   Bytes datagram, bool link_broadcast);
  void reassemble(Instant now, Interface& iface, const Ipv4Repr& ip, const Ipv4Packet& packet,
                  bool to_broadcast);
  void deliver_local(Instant now, Interface& iface, const Ipv4Repr& ip, Bytes payload,
                     Bytes datagram, bool to_broadcast);
  void forward(Instant now, Interface& in, const Ipv4Repr& ip, Bytes datagram, bool link_broadcast);
  bool is_broadcast_for_any(Ipv4Address a) const;
  void run_loopback(Instant now);

  // IPv4 output and fragmentation (host_ipv4_output.cpp)
  SendResult output(Instant now, Interface& out, Ipv4Address next_hop, const Ipv4Repr& ip,
                    PacketBuffer&& payload);
  void fragment(Instant now, Interface& out, Ipv4Address next_hop, const Ipv4Repr& ip,
                Bytes payload);

  // ICMP (host_icmp.cpp)
  void icmp_input(Instant now, const Ipv4Repr& ip, Bytes payload, bool to_broadcast);
  void send_icmp(Instant now, Ipv4Address src, Ipv4Address dst, const IcmpRepr& icmp);
  // Counts and reports an ICMP message going out, and returns it written into a buffer.
  PacketBuffer icmp_out(Instant now, Ipv4Address src, Ipv4Address dst, const IcmpRepr& icmp);
  // An error about a datagram that carries our address `own`, passed to the hook's prerouting
  // as if it had arrived on the interface owning `own` (see send_icmp_error).
  void icmp_error_through_hook(Instant now, Ipv4Address own, const IcmpRepr& icmp);
  // An error about `offending` (a datagram as received), unless RFC 1122 §3.2.2 forbids it;
  // from `src` when given, else from the interface the error leaves by.
  void send_icmp_error(Instant now, Bytes offending, std::uint8_t type, std::uint8_t code,
                       std::uint16_t mtu, Ipv4Address src, bool link_broadcast = false);
  void deliver_icmp_error(Instant now, const IcmpError& error);

  template <class T>
  void emit(Instant now, Layer layer, const T& data) {
    if (sink_) sink_->on_event(Event{now, name_, layer, EventData(data)});
  }
  void drop(Instant now, DropReason reason, Layer layer, Bytes packet);

  std::string name_;
  HostConfig config_;
  EventSink* sink_ = nullptr;
  PacketHook* hook_ = nullptr;
  std::vector<std::unique_ptr<Interface>> interfaces_;
  RoutingTable routes_;
  HostCounters counters_;
  Reassembler reassembler_;          // datagrams for this host
  Reassembler transit_reassembler_;  // datagrams passing through a hook (PacketHook)
  IcmpRateLimiter icmp_limiter_;
  PacketPool small_pool_;
  PacketPool large_pool_;
  std::array<IpProtocolHandler*, 256> handlers_{};
  std::vector<IpProtocolHandler*> registered_;  // the handlers in handlers_, each once
  std::unordered_map<std::uint16_t, IcmpEchoListener*> echo_listeners_;
  std::vector<PacketBuffer> loopback_;
  std::vector<PacketBuffer> loopback_work_;
  Instant loopback_at_;
  std::uint16_t next_ip_id_;
};

}  // namespace ws
