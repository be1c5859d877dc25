#include "wirestack/link/fault_injector.h"

#include <algorithm>

namespace ws {
namespace {

// Which bit to flip: any bit after the Ethernet header (and its VLAN tag), or any bit at all in
// a frame too short to have one. None in an empty frame.
std::optional<std::size_t> pick_bit(Bytes frame, Rng& rng) {
  std::size_t from = 14;
  if (frame.size() >= 18) {
    const std::uint16_t type = load_be16(frame.data() + 12);
    if (type == 0x8100 || type == 0x88a8) from = 18;
  }
  if (frame.size() <= from) from = 0;
  if (frame.size() == from) return std::nullopt;
  return from * 8 + rng.below((frame.size() - from) * 8);
}

void flip_bit(MutableBytes frame, std::size_t bit) {
  frame[bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
}

std::optional<Instant> earliest(std::optional<Instant> a, std::optional<Instant> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

FaultInjector::FaultInjector(Device& inner, const FaultConfig& config, Rng rng)
    : inner_(inner),
      config_(config),
      rng_(rng),
      tx_(inner.caps().max_frame()),
      rx_(inner.caps().max_frame()) {}

std::optional<Bytes> FaultInjector::receive(Instant now) {
  flush_transmit(now);
  if (!config_.on_receive) return inner_.receive(now);
  while (auto frame = inner_.receive(now)) rx_.process(now, *frame, config_, rng_);
  rx_.expire_held(now, config_, rng_);
  if (!rx_.ready(now)) return std::nullopt;
  rx_.out().pop_into(received_);
  return received_.data();
}

void FaultInjector::transmit(Instant now, Bytes frame) {
  if (!config_.on_transmit) {
    inner_.transmit(now, frame);
    return;
  }
  tx_.process(now, frame, config_, rng_);
  flush_transmit(now);
}

void FaultInjector::flush_transmit(Instant now) {
  tx_.expire_held(now, config_, rng_);
  while (tx_.ready(now)) {
    inner_.transmit(now, tx_.out().frame_at(0));
    tx_.out().pop();
  }
}

std::optional<Instant> FaultInjector::poll_at() const {
  return earliest(inner_.poll_at(), earliest(tx_.next_at(config_), rx_.next_at(config_)));
}

void FaultInjector::Pipe::process(Instant now, Bytes frame, const FaultConfig& config, Rng& rng) {
  ++stats.frames;
  if (rng.chance(config.loss)) {
    ++stats.lost;
    return;
  }
  const std::optional<std::size_t> flip =
      rng.chance(config.corrupt) ? pick_bit(frame, rng) : std::nullopt;
  if (flip) ++stats.corrupted;
  const bool twice = rng.chance(config.duplicate);
  if (twice) ++stats.duplicated;
  const bool was_holding = held_since_.has_value();
  if (!was_holding && rng.chance(config.reorder)) {
    ++stats.reordered;
    copy_frame(held_, frame, frame.size());
    held_flip_ = flip;
    held_since_ = now;
  } else {
    emit(now, frame, flip, config, rng);
  }
  if (twice) emit(now, frame, flip, config, rng);
  if (was_holding) {
    emit(now, held_.data(), held_flip_, config, rng);
    held_since_.reset();
  }
}

void FaultInjector::Pipe::expire_held(Instant now, const FaultConfig& config, Rng& rng) {
  if (held_since_ && now - *held_since_ >= config.reorder_timeout) {
    emit(now, held_.data(), held_flip_, config, rng);
    held_since_.reset();
  }
}

void FaultInjector::Pipe::emit(Instant now, Bytes frame, std::optional<std::size_t> flip,
                               const FaultConfig& config, Rng& rng) {
  Instant release = now;
  if (config.jitter > Duration::zero()) {
    release += Duration::nanos(static_cast<std::int64_t>(
        rng.below(static_cast<std::uint64_t>(config.jitter.as_nanos()) + 1)));
  }
  release = std::max(release, last_release_);
  if (release > now) ++stats.delayed;
  last_release_ = release;
  out_.push(release, frame);
  if (flip) flip_bit(out_.back(), *flip);
}

std::optional<Instant> FaultInjector::Pipe::next_at(const FaultConfig& config) const {
  std::optional<Instant> held_due;
  if (held_since_) held_due = *held_since_ + config.reorder_timeout;
  return earliest(out_.empty() ? std::nullopt : std::optional<Instant>(out_.front_time()),
                  held_due);
}

}  // namespace ws
