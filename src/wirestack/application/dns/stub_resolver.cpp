#include "wirestack/application/dns/stub_resolver.h"

namespace ws::dns {
namespace {
constexpr int kMaxCnames = 16;
}  // namespace

StubResolver::StubResolver(Config config, Rng rng)
    : config_(std::move(config)), rng_(rng), cache_(config_.cache_entries) {}

void StubResolver::lookup(const DnsName& name, std::uint16_t type, Instant now,
                          ResolveCallback done) {
  ++counters_.lookups;
  Resolution res;
  res.question = DnsQuestion{name, type, kClassIn};
  DnsName target = name;
  int cnames_left = kMaxCnames;
  if (const auto hit = cache_.follow(target, type, now, res.answers, cnames_left)) {
    ++counters_.cache_answers;
    res.rcode = hit->rcode;
    res.answers.insert(res.answers.end(), hit->records.begin(), hit->records.end());
    res.authority = hit->authority;
    res.from_cache = true;
    events_.report(now,
                   {.what = DnsEvent::What::kCacheHit,
                    .rcode = res.rcode,
                    .answers = static_cast<std::uint16_t>(res.answers.size())},
                   res.question);
    return done(res);
  }
  if (config_.servers.empty() || pending_.size() >= config_.max_lookups) {
    ++counters_.failures;
    res.rcode = rcode::kServFail;
    return done(res);
  }
  std::uint16_t port;
  do {
    port = static_cast<std::uint16_t>(rng_.between(kFirstEphemeralPort, 65535));
  } while (pending_.count(port));
  res.answers.clear();  // a partial chain from the cache: the server gives the whole answer
  Pending& p = pending_[port];
  p.tx.local_port = port;
  p.tx.question = res.question;
  p.result = std::move(res);
  p.done = std::move(done);
  send(p, now);
}

// Each try goes to the next server in turn, with a fresh id (RFC 5452 §9.2).
void StubResolver::send(Pending& p, Instant now) {
  p.tx.id = static_cast<std::uint16_t>(rng_.next_u32());
  p.tx.server = config_.servers[static_cast<std::size_t>(p.tries) % config_.servers.size()];
  p.tx.deadline = now + config_.timeout;
  ++p.tries;
  ++counters_.queries_sent;
  outbox_.push_back(p.tx.datagram(true));
  events_.report(now, DnsEvent::What::kQuerySent, p.tx);
}

void StubResolver::on_datagram(Ipv4Address from, std::uint16_t from_port,
                               std::uint16_t local_port, Bytes payload, Instant now) {
  const auto it = pending_.find(local_port);
  auto m = accept_response(it == pending_.end() ? nullptr : &it->second.tx, from, from_port,
                           local_port, payload);
  if (!m) {
    counters_.count(m.error());
    events_.report_drop(now, m.error(), from, local_port, payload);
    return;
  }
  Pending& p = it->second;
  events_.report_response(now, p.tx, *m, payload.size());
  p.result.trail.emplace_back(from, *m);
  const std::uint8_t rc = m->header.rcode;
  if (rc != rcode::kNoError && rc != rcode::kNxDomain) {  // SERVFAIL, REFUSED: next server
    if (p.tries >= config_.attempts * static_cast<int>(config_.servers.size())) {
      return finish(local_port, rc, now);
    }
    return send(p, now);
  }
  // The recursive server vouches for the whole answer.
  cache_rrsets(cache_, m->answers, DnsName::root(), now);
  DnsName name = p.tx.question.name;
  int cnames_left = kMaxCnames;
  if (!follow_answers(m->answers, name, p.tx.question.type, p.result.answers, cnames_left)) {
    p.result.authority = negative_soa(*m);
    cache_.put_negative(name, p.tx.question.type, rc, negative_ttl(*m), now, p.result.authority);
  }
  finish(local_port, rc, now);
}

void StubResolver::finish(std::uint16_t port, std::uint8_t rc, Instant now) {
  auto node = pending_.extract(port);
  Pending& p = node.mapped();
  p.result.rcode = rc;
  if (rc == rcode::kServFail) ++counters_.failures;
  events_.report(now,
                 {.what = DnsEvent::What::kResolved,
                  .rcode = rc,
                  .answers = static_cast<std::uint16_t>(p.result.answers.size())},
                 p.result.question);
  p.done(p.result);
}

void StubResolver::poll(Instant now) {
  std::vector<std::uint16_t> expired;
  for (const auto& [port, p] : pending_) {
    if (p.tx.deadline <= now) expired.push_back(port);
  }
  for (const std::uint16_t port : expired) {
    ++counters_.timeouts;
    Pending& p = pending_.at(port);
    events_.report(now, DnsEvent::What::kTimeout, p.tx);
    if (p.tries >= config_.attempts * static_cast<int>(config_.servers.size())) {
      finish(port, rcode::kServFail, now);
    } else {
      send(p, now);
    }
  }
}

std::optional<Instant> StubResolver::poll_at() const {
  if (!outbox_.empty()) return Instant::epoch();
  std::optional<Instant> at;
  for (const auto& [port, p] : pending_) {
    if (!at || p.tx.deadline < *at) at = p.tx.deadline;
  }
  return at;
}

std::optional<Datagram> StubResolver::poll_transmit() {
  if (outbox_.empty()) return std::nullopt;
  Datagram d = std::move(outbox_.front());
  outbox_.pop_front();
  return d;
}

}  // namespace ws::dns
