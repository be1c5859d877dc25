#include "wirestack/transport/tcp/tcp_layer.h"

#include <algorithm>

#include "wirestack/wire/icmp.h"
#include "wirestack/wire/ipv4.h"

namespace ws::tcp {
namespace {

bool bad_unicast(Ipv4Address a) {
  return a.is_unspecified() || a.is_broadcast() || a.is_multicast();
}

constexpr std::uint8_t kReadable = 1;
constexpr std::uint8_t kWritable = 2;
constexpr std::uint8_t kClosedBit = 4;

}  // namespace

Layer::Layer(Host& host, Rng& rng, Config config)
    : Layer(std::make_unique<HostIpOutput>(host), nullptr, rng, config, host.name()) {
  host.register_protocol(ip_proto::kTcp, this);
}

Layer::Layer(IpOutput& ip, Rng& rng, Config config, std::string node)
    : Layer(nullptr, &ip, rng, config, std::move(node)) {}

Layer::Layer(std::unique_ptr<IpOutput> owned, IpOutput* ip, Rng& rng, Config config,
             std::string node)
    : owned_output_(std::move(owned)),
      ip_(ip ? ip : owned_output_.get()),
      config_(config),
      node_(std::move(node)),
      isn_(rng),
      cookies_(rng),
      port_key_(SipKey::from(rng)),
      ts_key_(SipKey::from(rng)),
      next_ephemeral_(rng.next_u32()),
      by_tuple_(16, TupleHash{rng.next_u64()}),
      challenge_window_(Instant::epoch()) {}

Layer::~Layer() = default;

// --- Socket API ---------------------------------------------------------------------------

Result<SocketId, Error> Layer::listen(std::uint16_t port, std::uint32_t backlog,
                                      std::optional<Config> config) {
  if (port == 0 || backlog == 0) return Err(Error::kInvalidState);
  if (listeners_.contains(port)) return Err(Error::kAddressInUse);
  const std::uint32_t index = alloc_slot();
  Slot& s = slots_[index];
  s.listener = std::make_unique<Listener>(Listener{port, backlog, 0, {}, config.value_or(config_)});
  listeners_.emplace(port, index);
  return SocketId{index, s.generation};
}

Result<SocketId, Error> Layer::accept(SocketId id) {
  Slot* s = socket(id);
  if (!s || !s->listener) return Err(Error::kInvalidSocket);
  auto& ready = s->listener->ready;
  if (ready.empty()) return Err(Error::kWouldBlock);
  const std::uint32_t index = ready.front();
  ready.pop_front();
  // The caller knows the queue changed; without this, the next connection into an emptied
  // queue would leave the mask as it was and not be reported.
  s->ready_mask = ready_mask(*s);
  Slot& child = slots_[index];
  child.parent = kNone;
  child.queued = false;
  child.released = false;
  return SocketId{index, child.generation};
}

Result<SocketId, Error> Layer::connect(Instant now, Ipv4Address remote, std::uint16_t port,
                                       std::optional<Config> config) {
  if (bad_unicast(remote) || port == 0) return Err(Error::kInvalidState);
  const auto local = ip_->source_address_for(remote);
  if (!local) return Err(Error::kNoRoute);
  const std::uint16_t local_port = pick_port(*local, remote, port);
  if (local_port == 0) return Err(Error::kNoPortsAvailable);
  const std::uint32_t index =
      create(Tuple{*local, local_port, remote, port}, config.value_or(config_), now);
  ++counters_.active_opens;
  slots_[index].conn->open_active(now);
  const std::uint32_t generation = slots_[index].generation;
  after(index);
  return SocketId{index, generation};
}

Result<std::size_t, Error> Layer::send(Instant now, SocketId id, Bytes data) {
  Connection* c = user_connection(id);
  if (!c) return Err(Error::kInvalidSocket);
  switch (c->state()) {
    case State::kSynSent:
    case State::kSynReceived:
    case State::kEstablished:
    case State::kCloseWait:
      break;
    case State::kClosed:
      if (c->error() != Error::kNone) return Err(c->error());
      return Err(Error::kNotConnected);
    default:
      return Err(Error::kBrokenPipe);
  }
  if (c->write_shut()) return Err(Error::kBrokenPipe);
  const std::size_t n = c->send(now, data);
  after(id.index);
  if (n == 0 && !data.empty()) return Err(Error::kWouldBlock);
  return n;
}

Result<std::size_t, Error> Layer::recv(Instant now, SocketId id, MutableBytes out) {
  Connection* c = user_connection(id);
  if (!c) return Err(Error::kInvalidSocket);
  const std::size_t n = c->recv(now, out);
  after(id.index);
  if (n > 0 || out.empty()) return n;
  if (c->fin_received()) return std::size_t{0};
  if (c->state() == State::kClosed) {
    if (c->error() != Error::kNone) return Err(c->error());
    return Err(Error::kNotConnected);
  }
  return Err(Error::kWouldBlock);
}

Result<Unit, Error> Layer::shutdown(Instant now, SocketId id) {
  Connection* c = user_connection(id);
  if (!c) return Err(Error::kInvalidSocket);
  if (!synchronized(c->state())) return Err(Error::kNotConnected);
  c->shutdown_write(now);
  after(id.index);
  return Unit{};
}

Result<Unit, Error> Layer::close(Instant now, SocketId id) {
  Slot* s = socket(id);
  if (!s) return Err(Error::kInvalidSocket);
  if (s->listener) {
    listeners_.erase(s->listener->port);
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].conn && slots_[i].parent == id.index) {
        slots_[i].conn->abort(now, Error::kAborted);
        after(i);
      }
    }
    free_slot(id.index);
    return Unit{};
  }
  s->released = true;
  Connection& c = *s->conn;
  c.set_orphaned(now);
  if (c.recv_queue() > 0) {
    c.abort(now, Error::kAborted);  // RFC 2525 §2.17: unread data is lost; say so with a RST
  } else if (c.state() == State::kSynSent) {
    c.abort(now, Error::kAborted);
  } else {
    c.shutdown_write(now);
  }
  after(id.index);
  return Unit{};
}

Result<Unit, Error> Layer::abort(Instant now, SocketId id) {
  Slot* s = socket(id);
  if (!s || !s->conn) return Err(Error::kInvalidSocket);
  s->released = true;
  s->conn->abort(now, Error::kAborted);
  after(id.index);
  return Unit{};
}

std::optional<State> Layer::state(SocketId id) const {
  const Slot* s = socket(id);
  if (!s) return std::nullopt;
  return s->listener ? State::kListen : s->conn->state();
}

bool Layer::readable(SocketId id) const {
  const Slot* s = socket(id);
  return s && (ready_mask(*s) & kReadable);
}

bool Layer::writable(SocketId id) const {
  const Slot* s = socket(id);
  return s && (ready_mask(*s) & kWritable);
}

Error Layer::error(SocketId id) const {
  const Slot* s = socket(id);
  if (!s) return Error::kInvalidSocket;
  return s->conn ? s->conn->error() : Error::kNone;
}

const Connection* Layer::connection(SocketId id) const {
  const Slot* s = socket(id);
  return s ? s->conn.get() : nullptr;
}

std::uint8_t Layer::ready_mask(const Slot& s) const {
  if (s.listener) return s.listener->ready.empty() ? 0 : kReadable;
  if (!s.conn) return 0;
  const Connection& c = *s.conn;
  std::uint8_t m = 0;
  if (c.recv_queue() > 0 || c.fin_received() || c.state() == State::kClosed) m |= kReadable;
  if ((c.state() == State::kEstablished || c.state() == State::kCloseWait) && c.send_space() > 0) {
    m |= kWritable;
  }
  if (c.state() == State::kClosed) m |= kClosedBit;
  return m;
}

// --- Timers -------------------------------------------------------------------------------

void Layer::poll(Instant now) {
  while (const auto index = timers_.pop_due(now)) {
    slots_[*index].conn->on_timer(now);
    after(*index);
  }
}

std::optional<Instant> Layer::poll_at() const {
  return timers_.earliest();
}

void Layer::schedule(std::uint32_t index) {
  const Instant at = slots_[index].conn->next_timer();
  if (at == kNever) return timers_.remove(index);
  timers_.set(index, at);
}

void Layer::ack_at_end_of_poll(const Connection& conn) {
  acks_at_end_of_poll_.push_back(conn.tuple());
}

void Layer::end_poll(Instant now) {
  // By index: sending may, in principle, owe another ACK and grow the list.
  for (std::size_t i = 0; i < acks_at_end_of_poll_.size(); ++i) {
    const auto it = by_tuple_.find(acks_at_end_of_poll_[i]);
    if (it == by_tuple_.end()) continue;
    slots_[it->second].conn->end_poll(now);
    schedule(it->second);
  }
  acks_at_end_of_poll_.clear();
}

// --- Input --------------------------------------------------------------------------------

void Layer::on_datagram(Instant now, const Ipv4Repr& ip, Bytes payload, std::uint32_t) {
  if (bad_unicast(ip.src) || bad_unicast(ip.dst)) return dropped(now, DropReason::kTcpBadAddress);
  auto packet = TcpPacket::check(payload);
  if (!packet) {
    ++counters_.in_errs;
    return dropped(now, DropReason::kTcpMalformed);
  }
  auto parsed = TcpRepr::parse(*packet, ip.src, ip.dst);
  if (!parsed) {
    ++counters_.in_errs;
    if (parsed.error() == ParseError::kBadChecksum) {
      ++counters_.in_csum_errors;
      return dropped(now, DropReason::kTcpBadChecksum);
    }
    return dropped(now, DropReason::kTcpMalformed);
  }
  const TcpRepr& seg = *parsed;
  ++counters_.in_segs;
  const Tuple tuple{ip.dst, seg.dst_port, ip.src, seg.src_port};
  const auto listener = listeners_.find(seg.dst_port);
  if (auto it = by_tuple_.find(tuple); it != by_tuple_.end()) {
    const std::uint32_t index = it->second;
    Connection& c = *slots_[index].conn;
    const bool new_syn =
        seg.has(tcp_flag::kSyn) && !seg.has(tcp_flag::kAck) && !seg.has(tcp_flag::kRst);
    if (!(c.state() == State::kTimeWait && new_syn && listener != listeners_.end() &&
          c.time_wait_allows(seg))) {
      c.on_segment(now, seg, packet->payload());
      return after(index);
    }
    // A new incarnation replaces the TIME-WAIT one.
    free_slot(index);
  }
  if (listener != listeners_.end()) {
    return listen_input(now, listener->second, tuple, seg, packet->payload());
  }
  dropped(now, DropReason::kTcpNoSocket);
  send_reset_for(now, tuple, seg, packet->payload().size());
}

// RFC 9293 §3.10.7.2.
void Layer::listen_input(Instant now, std::uint32_t listener_index, const Tuple& tuple,
                         const TcpRepr& seg, Bytes payload) {
  if (seg.has(tcp_flag::kRst)) return;
  if (seg.has(tcp_flag::kAck)) {
    if (!seg.has(tcp_flag::kSyn) && accept_cookie(now, listener_index, tuple, seg, payload)) return;
    return send_reset_for(now, tuple, seg, payload.size());
  }
  if (!seg.has(tcp_flag::kSyn)) return dropped(now, DropReason::kTcpNoAck);
  Listener& l = *slots_[listener_index].listener;
  if (l.ready.size() >= l.backlog) {
    ++counters_.listen_overflows;
    return dropped(now, DropReason::kTcpListenOverflow);
  }
  if (l.embryonic >= l.backlog) {
    if (l.config.syn_cookies) return send_cookie(now, tuple, seg, l.config);
    ++counters_.listen_overflows;
    return dropped(now, DropReason::kTcpListenOverflow);
  }
  const Config config = l.config;
  const std::uint32_t index = create(tuple, config, now);
  Slot& s = slots_[index];
  s.parent = listener_index;
  s.released = true;  // nobody holds it until accept()
  ++slots_[listener_index].listener->embryonic;
  ++counters_.passive_opens;
  s.conn->open_passive(now, seg);
  after(index);
}

void Layer::send_cookie(Instant now, const Tuple& tuple, const TcpRepr& syn, const Config& config) {
  TcpRepr synack;
  synack.src_port = tuple.local_port;
  synack.dst_port = tuple.remote_port;
  synack.flags = tcp_flag::kSyn | tcp_flag::kAck;
  synack.seq = cookies_.make(now, tuple, syn.seq, syn.options.mss.value_or(536));
  synack.ack = syn.seq + 1;
  // The window of a cookie connection is never scaled: it advertises at most 64 KiB.
  synack.window =
      static_cast<std::uint16_t>(std::min<std::uint32_t>(config.receive_buffer, 0xffff));
  synack.options.mss = config.mss;
  ++counters_.syncookies_sent;
  transmit(now, tuple, synack, {});
}

bool Layer::accept_cookie(Instant now, std::uint32_t listener_index, const Tuple& tuple,
                          const TcpRepr& ack, Bytes payload) {
  Listener& l = *slots_[listener_index].listener;
  if (!l.config.syn_cookies) return false;
  const auto mss = cookies_.check(now, tuple, ack.seq - 1, ack.ack - 1);
  if (!mss) {
    ++counters_.syncookies_failed;
    return false;
  }
  if (l.ready.size() >= l.backlog) {
    ++counters_.listen_overflows;
    dropped(now, DropReason::kTcpListenOverflow);
    return true;  // the peer retransmits its ACK; the cookie stays valid for a while
  }
  ++counters_.syncookies_recv;
  Config config = l.config;
  const std::uint32_t index = create(tuple, config, now, ack.ack - 1);
  Slot& s = slots_[index];
  s.parent = listener_index;
  s.released = true;
  ++l.embryonic;
  ++counters_.passive_opens;
  s.conn->open_from_cookie(now, ack, payload, *mss);
  after(index);
  return true;
}

void Layer::send_reset_for(Instant now, const Tuple& tuple, const TcpRepr& seg,
                           std::size_t payload_len) {
  if (seg.has(tcp_flag::kRst)) return;
  TcpRepr rst;
  rst.src_port = tuple.local_port;
  rst.dst_port = tuple.remote_port;
  if (seg.has(tcp_flag::kAck)) {
    rst.seq = seg.ack;
    rst.flags = tcp_flag::kRst;
  } else {
    rst.ack = seg.seq + seg.segment_len(payload_len);
    rst.flags = tcp_flag::kRst | tcp_flag::kAck;
  }
  ++counters_.out_rsts;
  transmit(now, tuple, rst, {});
}

void Layer::on_icmp_error(Instant now, const IcmpError& error) {
  const QuotedDatagram& q = error.quoted;
  if (q.protocol != ip_proto::kTcp || q.payload.size() < 8 || q.frag_offset != 0) return;
  const Tuple tuple{q.src, load_be16(q.payload.data()), q.dst, load_be16(q.payload.data() + 2)};
  const auto it = by_tuple_.find(tuple);
  if (it == by_tuple_.end() || error.type != icmp_type::kDestUnreachable) return;
  const std::uint32_t index = it->second;
  Connection& conn = *slots_[index].conn;
  const Seq seq(load_be32(q.payload.data() + 4));
  if (error.code == icmp_unreach::kFragNeeded) {
    conn.on_frag_needed(now, seq, error.next_hop_mtu);
  } else {
    // RFC 1122 §4.2.3.9: protocol and port unreachable are hard errors, the rest soft.
    const bool hard = error.code == icmp_unreach::kProtocol || error.code == icmp_unreach::kPort;
    conn.on_icmp_unreachable(now, seq, hard ? Error::kConnectionRefused : Error::kHostUnreachable,
                             hard);
  }
  after(index);
}

// --- Env ----------------------------------------------------------------------------------

void Layer::transmit(Instant now, const Tuple& tuple, const TcpRepr& repr, RingSlices payload) {
  const std::size_t header = repr.header_len();
  const std::size_t total = header + payload.size();
  PacketBuffer buffer = ip_->take_buffer(total);
  MutableBytes segment = buffer.append(total);
  payload.copy_to(segment.data() + header);
  repr.emit(segment, tuple.local, tuple.remote);
  ++counters_.out_segs;
  Ipv4Send send;
  send.dst = tuple.remote;
  send.src = tuple.local;
  send.protocol = ip_proto::kTcp;
  // Path MTU discovery (RFC 1191 §3): DF on every segment larger than 576 bytes, the datagram
  // every IPv4 path must carry (RFC 791); smaller ones may be fragmented by a path narrower
  // still, as Linux does once the path MTU is at its floor.
  send.dont_fragment = total + kIpv4HeaderLen > kMinPathMtu;
  ip_->send(now, send, std::move(buffer));
}

void Layer::state_changed(Instant now, Connection& conn, State from, State to) {
  if (sink_) {
    sink_->on_event(Event{now, node_, ws::Layer::kTransport,
                          TcpStateEvent{conn.tuple().endpoints(), to_string(from), to_string(to)}});
  }
  Slot& s = slots_[conn.slot];
  if (from == State::kSynReceived && to != State::kClosed && s.parent != kNone && !s.queued) {
    Listener& l = *slots_[s.parent].listener;
    --l.embryonic;
    l.ready.push_back(conn.slot);
    s.queued = true;
    notify_listener_ = s.parent;
  }
  if (to == State::kClosed) {
    if (from == State::kSynSent || from == State::kSynReceived) ++counters_.attempt_fails;
    if ((from == State::kEstablished || from == State::kCloseWait) &&
        conn.error() == Error::kConnectionReset) {
      ++counters_.estab_resets;
    }
  }
}

void Layer::retransmitted(Instant now, const Connection& conn, Seq seq, std::uint32_t len,
                          bool timeout) {
  ++counters_.retrans_segs;
  if (sink_) {
    sink_->on_event(Event{now, node_, ws::Layer::kTransport,
                          TcpRetransmitEvent{conn.tuple().endpoints(), seq.raw(), len, timeout}});
  }
}

void Layer::dropped(Instant now, DropReason reason) {
  counters_.drops.count(reason);
  if (sink_) {
    sink_->on_event(
        Event{now, node_, ws::Layer::kTransport, DropEvent{reason, ws::Layer::kTransport, {}}});
  }
}

bool Layer::allow_challenge_ack(Instant now) {
  if (now - challenge_window_ >= Duration::seconds(1)) {
    challenge_window_ = now;
    challenge_count_ = 0;
  }
  if (challenge_count_ >= config_.challenge_acks_per_second) return false;
  ++challenge_count_;
  ++counters_.challenge_acks;
  return true;
}

// --- Slots --------------------------------------------------------------------------------

std::uint32_t Layer::create(const Tuple& tuple, const Config& config, Instant now,
                            std::optional<Seq> iss_from_cookie) {
  const std::uint32_t index = alloc_slot();
  const Seq iss = iss_from_cookie.value_or(
      isn_.isn(now, tuple.local, tuple.local_port, tuple.remote, tuple.remote_port));
  // RFC 7323 §5.4: a timestamp clock offset per connection.
  const auto ts_offset = static_cast<std::uint32_t>(
      siphash_tuple(ts_key_, tuple.local, tuple.local_port, tuple.remote, tuple.remote_port));
  Slot& s = slots_[index];
  s.conn = std::make_unique<Connection>(static_cast<Env&>(*this), config, tuple, iss, ts_offset);
  s.conn->slot = index;
  by_tuple_[tuple] = index;
  return index;
}

// RFC 6056 §3.3.3 (algorithm 3): a per-destination offset from a keyed hash, plus a counter.
std::uint16_t Layer::pick_port(Ipv4Address local, Ipv4Address remote, std::uint16_t remote_port) {
  constexpr std::uint32_t kCount = kEphemeralLast - kEphemeralFirst + 1;
  const auto offset =
      static_cast<std::uint32_t>(siphash_tuple(port_key_, local, 0, remote, remote_port));
  for (std::uint32_t i = 0; i < kCount; ++i) {
    const auto port =
        static_cast<std::uint16_t>(kEphemeralFirst + (offset + next_ephemeral_ + i) % kCount);
    if (listeners_.contains(port) || by_tuple_.contains(Tuple{local, port, remote, remote_port})) {
      continue;
    }
    next_ephemeral_ += i + 1;
    return port;
  }
  return 0;
}

void Layer::after(std::uint32_t index) {
  Slot& s = slots_[index];
  Connection& c = *s.conn;
  if (c.state() == State::kClosed) {
    // Off the demultiplexing table at once: the 4-tuple is free again.
    if (auto it = by_tuple_.find(c.tuple()); it != by_tuple_.end() && it->second == index) {
      by_tuple_.erase(it);
    }
  }
  const std::uint32_t listener = std::exchange(notify_listener_, kNone);
  const bool reap = c.state() == State::kClosed && s.released;
  const bool users = !reap && !s.queued;
  if (reap) {
    free_slot(index);
  } else {
    schedule(index);
  }
  // Callbacks last, and no references kept across them: they may open sockets (and so grow
  // the slot table).
  if (ready_.empty()) return;
  if (listener != kNone) notify(listener);
  if (users) notify(index);
}

void Layer::notify(std::uint32_t index) {
  Slot& s = slots_[index];
  const std::uint8_t mask = ready_mask(s);
  if (mask == s.ready_mask) return;
  s.ready_mask = mask;
  const SocketId id{index, s.generation};
  // By index: a callback may add another.
  for (std::size_t i = 0; i < ready_.size(); ++i) ready_[i].second(id);
}

std::uint32_t Layer::add_ready_callback(std::function<void(SocketId)> callback) {
  ready_.emplace_back(next_ready_handle_, std::move(callback));
  return next_ready_handle_++;
}

void Layer::remove_ready_callback(std::uint32_t handle) {
  std::erase_if(ready_, [&](const auto& entry) { return entry.first == handle; });
}

void Layer::detach_from_parent(std::uint32_t index) {
  Slot& s = slots_[index];
  if (s.parent == kNone) return;
  Listener& l = *slots_[s.parent].listener;
  if (s.queued) {
    l.ready.erase(std::find(l.ready.begin(), l.ready.end(), index));
  } else {
    --l.embryonic;
  }
  s.parent = kNone;
  s.queued = false;
}

void Layer::free_slot(std::uint32_t index) {
  Slot& s = slots_[index];
  if (s.conn) {
    detach_from_parent(index);
    if (auto it = by_tuple_.find(s.conn->tuple()); it != by_tuple_.end() && it->second == index) {
      by_tuple_.erase(it);
    }
  }
  s.conn.reset();
  s.listener.reset();
  ++s.generation;
  s.released = false;
  s.ready_mask = 0;
  timers_.remove(index);
  free_.push_back(index);
}

std::uint32_t Layer::alloc_slot() {
  if (!free_.empty()) {
    const std::uint32_t index = free_.back();
    free_.pop_back();
    return index;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

Layer::Slot* Layer::socket(SocketId id) {
  if (id.index >= slots_.size()) return nullptr;
  Slot& s = slots_[id.index];
  // A released connection lingers (closing, TIME-WAIT) but is no longer the user's.
  if (s.generation != id.generation || s.released || (!s.conn && !s.listener)) return nullptr;
  return &s;
}

const Layer::Slot* Layer::socket(SocketId id) const {
  return const_cast<Layer*>(this)->socket(id);
}

Connection* Layer::user_connection(SocketId id) {
  Slot* s = socket(id);
  return s ? s->conn.get() : nullptr;
}

}  // namespace ws::tcp
