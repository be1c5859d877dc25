#include "wirestack/application/dns/recursive_resolver.h"

namespace ws::dns {

RecursiveResolver::RecursiveResolver(Config config, Rng rng)
    : config_(std::move(config)), rng_(rng), cache_(config_.cache_entries) {}

void RecursiveResolver::resolve(const DnsQuestion& question, Instant now, ResolveCallback done) {
  ++counters_.lookups;
  const std::uint64_t key = next_key_++;
  Lookup& l = lookups_[key];
  l.question = question;
  l.qname = question.name;
  l.cnames_left = config_.max_cnames;
  l.result.question = question;
  l.done = std::move(done);
  if (lookups_.size() > config_.max_lookups) return finish(key, rcode::kServFail, now);
  advance(key, now);
}

// From the cache as far as it goes, then to the closest known servers.
void RecursiveResolver::advance(std::uint64_t key, Instant now) {
  Lookup& l = lookups_.at(key);
  if (const auto hit = cache_.follow(l.qname, l.question.type, now, l.result.answers,
                                     l.cnames_left)) {
    l.result.answers.insert(l.result.answers.end(), hit->records.begin(), hit->records.end());
    l.result.authority = hit->authority;
    return finish(key, hit->rcode, now);
  }
  if (l.cnames_left < 0) return finish(key, rcode::kServFail, now);
  if (auto servers = closest_servers(l.qname, now)) {
    l.zone = std::move(servers->first);
    l.servers = std::move(servers->second);
  } else {
    l.zone = DnsName::root();
    l.servers.clear();
    for (const auto& hint : config_.root_hints) l.servers.push_back(hint.address);
  }
  l.next_server = 0;
  send_next(key, now);
}

std::optional<std::pair<DnsName, std::vector<Ipv4Address>>> RecursiveResolver::closest_servers(
    const DnsName& name, Instant now) const {
  for (DnsName n = name;; n = n.parent()) {
    if (const auto ns = cache_.get(n, rr_type::kNs, now); ns && !ns->negative()) {
      auto addresses = addresses_of(ns->records, now);
      if (!addresses.empty()) return std::pair{n, std::move(addresses)};
    }
    if (n.is_root()) return std::nullopt;
  }
}

std::vector<Ipv4Address> RecursiveResolver::addresses_of(const std::vector<DnsRecord>& ns,
                                                         Instant now) const {
  std::vector<Ipv4Address> out;
  for (const auto& r : ns) {
    if (r.type != rr_type::kNs) continue;
    if (const auto a = cache_.get(*r.target(), rr_type::kA, now)) {
      for (const auto& rec : a->records) out.push_back(std::get<Ipv4Address>(rec.data));
    }
  }
  return out;
}

std::uint16_t RecursiveResolver::free_port() {
  while (true) {
    const auto port = static_cast<std::uint16_t>(rng_.between(kFirstEphemeralPort, 65535));
    if (!by_port_.count(port)) return port;
  }
}

void RecursiveResolver::send_next(std::uint64_t key, Instant now) {
  Lookup& l = lookups_.at(key);
  if (l.tx) by_port_.erase(l.tx->local_port);
  l.tx.reset();
  if (l.next_server >= l.servers.size() || l.queries >= config_.max_queries) {
    return finish(key, rcode::kServFail, now);
  }
  Transaction tx;
  tx.id = static_cast<std::uint16_t>(rng_.next_u32());
  tx.local_port = free_port();
  tx.server = l.servers[l.next_server++];
  tx.question = DnsQuestion{l.qname, l.question.type, kClassIn};
  tx.deadline = now + config_.timeout;
  ++l.queries;
  ++counters_.queries_sent;
  outbox_.push_back(tx.datagram(false));
  events_.report(now, DnsEvent::What::kQuerySent, tx);
  by_port_[tx.local_port] = key;
  l.tx = std::move(tx);
}

void RecursiveResolver::on_datagram(Ipv4Address from, std::uint16_t from_port,
                                    std::uint16_t local_port, Bytes payload, Instant now) {
  const auto it = by_port_.find(local_port);
  const Transaction* tx = it == by_port_.end() ? nullptr : &*lookups_.at(it->second).tx;
  auto m = accept_response(tx, from, from_port, local_port, payload);
  if (!m) {
    counters_.count(m.error());
    events_.report_drop(now, m.error(), from, local_port, payload);
    return;
  }
  const std::uint64_t key = it->second;
  events_.report_response(now, *tx, *m, payload.size());
  ++counters_.responses_accepted;
  on_response(key, from, *m, now);
}

void RecursiveResolver::on_response(std::uint64_t key, Ipv4Address from, const DnsMessage& m,
                                    Instant now) {
  Lookup& l = lookups_.at(key);
  by_port_.erase(l.tx->local_port);
  l.tx.reset();
  l.result.trail.emplace_back(from, m);
  const std::uint8_t rc = m.header.rcode;
  if ((rc != rcode::kNoError && rc != rcode::kNxDomain) || m.header.tc) {
    return send_next(key, now);  // this server cannot help: ask the next
  }
  cache_rrsets(cache_, m.answers, l.zone, now);
  DnsName name = l.qname;
  if (follow_answers(m.answers, name, l.question.type, l.result.answers, l.cnames_left)) {
    return finish(key, rcode::kNoError, now);
  }
  if (rc == rcode::kNxDomain) {
    l.result.authority = negative_soa(m);
    cache_.put_negative(name, l.question.type, rc, negative_ttl(m), now, l.result.authority);
    return finish(key, rc, now);
  }
  if (!(name == l.qname)) {  // a CNAME out of this server's data: start over for its target
    l.qname = name;
    return advance(key, now);
  }
  // A referral: NS records for a zone between the one asked and the name (RFC 1034 §5.3.3).
  std::vector<DnsRecord> ns;
  for (const auto& r : m.authority) {
    if (r.type == rr_type::kNs && l.qname.is_subdomain_of(r.name) &&
        r.name.is_subdomain_of(l.zone) && !(r.name == l.zone) &&
        (ns.empty() || r.name == ns[0].name)) {
      ns.push_back(r);
    }
  }
  if (ns.empty()) {
    if (m.answers.empty()) {  // NODATA
      l.result.authority = negative_soa(m);
      cache_.put_negative(l.qname, l.question.type, rc, negative_ttl(m), now, l.result.authority);
      return finish(key, rcode::kNoError, now);
    }
    return send_next(key, now);
  }
  ++counters_.referrals;
  events_.report(now, {.what = DnsEvent::What::kReferral, .server = from}, l.question, &ns[0].name);
  if (++l.referrals > config_.max_referrals) return finish(key, rcode::kServFail, now);
  cache_.put(ns, now);
  cache_rrsets(cache_, m.additional, l.zone, now);  // glue, believed only within the zone asked
  l.zone = ns[0].name;
  l.servers = addresses_of(ns, now);
  l.next_server = 0;
  send_next(key, now);
}

void RecursiveResolver::finish(std::uint64_t key, std::uint8_t rc, Instant now) {
  auto node = lookups_.extract(key);
  Lookup& l = node.mapped();
  if (l.tx) by_port_.erase(l.tx->local_port);
  l.result.rcode = rc;
  l.result.from_cache = l.queries == 0;
  if (rc == rcode::kServFail) ++counters_.servfail;
  const auto answers = static_cast<std::uint16_t>(l.result.answers.size());
  if (l.result.from_cache) {
    ++counters_.cache_answers;
    events_.report(now, {.what = DnsEvent::What::kCacheHit, .rcode = rc, .answers = answers},
                   l.question);
  }
  events_.report(now, {.what = DnsEvent::What::kResolved, .rcode = rc, .answers = answers},
                 l.question);
  if (l.done) l.done(l.result);
}

void RecursiveResolver::poll(Instant now) {
  std::vector<std::uint64_t> expired;
  for (const auto& [key, l] : lookups_) {
    if (l.tx && l.tx->deadline <= now) expired.push_back(key);
  }
  for (const std::uint64_t key : expired) {
    if (!lookups_.count(key)) continue;
    ++counters_.timeouts;
    events_.report(now, DnsEvent::What::kTimeout, *lookups_.at(key).tx);
    send_next(key, now);
  }
}

std::optional<Instant> RecursiveResolver::poll_at() const {
  if (!outbox_.empty()) return Instant::epoch();
  std::optional<Instant> at;
  for (const auto& [key, l] : lookups_) {
    if (l.tx && (!at || l.tx->deadline < *at)) at = l.tx->deadline;
  }
  return at;
}

std::optional<Datagram> RecursiveResolver::poll_transmit() {
  if (outbox_.empty()) return std::nullopt;
  Datagram d = std::move(outbox_.front());
  outbox_.pop_front();
  return d;
}

void RecursiveResolver::on_client_query(Ipv4Address client, std::uint16_t client_port,
                                        Bytes query, Instant now) {
  ++counters_.client_queries;
  auto packet = DnsPacket::check(query);
  if (!packet || DnsHeader::from_flags(0, packet->flags()).qr) return;
  const DnsHeader qh = DnsHeader::from_flags(packet->id(), packet->flags());
  auto reply = [this, client, client_port, qh](std::uint8_t rc, const Resolution* res,
                                                std::size_t max_size) {
    DnsMessage r;
    r.header = DnsHeader{qh.id, true, qh.opcode, false, false, qh.rd, true};
    r.header.rcode = rc;
    if (res) {
      r.questions.push_back(res->question);
      r.answers = res->answers;
      r.authority = res->authority;  // a negative answer's SOA: the client may cache it too
    }
    outbox_.push_back(Datagram{client, client_port, kPort, r.emit(max_size)});
  };
  auto m = DnsMessage::parse(*packet);
  if (!m || m->questions.size() != 1) return reply(rcode::kFormErr, nullptr, kClassicUdpSize);
  if (qh.opcode != opcode::kQuery) return reply(rcode::kNotImp, nullptr, kClassicUdpSize);
  const std::size_t max_size = m->max_udp_size();
  resolve(m->questions[0], now,
          [reply, max_size](const Resolution& res) { reply(res.rcode, &res, max_size); });
}

}  // namespace ws::dns
