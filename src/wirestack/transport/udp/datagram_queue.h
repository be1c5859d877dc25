// A UDP socket's receive queue: whole datagrams with their addresses, in a byte ring allocated
// once (like SO_RCVBUF) and holding at most a fixed number of datagrams. When either is full the
// arriving datagram is refused (drop-tail), never a queued one.
#pragma once

#include <cstddef>
#include <vector>

#include "wirestack/base/bytes.h"
#include "wirestack/transport/udp/udp_socket.h"

namespace ws {

class DatagramQueue {
 public:
  DatagramQueue(std::size_t bytes, std::size_t max_datagrams);

  // False (nothing queued) when it does not fit.
  bool push(UdpEndpoint from, Ipv4Address to, Bytes payload);
  // Copies as much of the oldest datagram as fits in `out` and removes it. Not on empty.
  UdpReceived pop(MutableBytes out);
  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  std::size_t bytes() const { return used_; }

 private:
  struct Entry {
    UdpEndpoint from;
    Ipv4Address to;
    std::size_t len;
  };
  std::vector<std::uint8_t> ring_;
  std::size_t head_ = 0;  // first byte of the oldest datagram
  std::size_t used_ = 0;
  std::vector<Entry> entries_;
  std::size_t first_ = 0;  // oldest entry
  std::size_t count_ = 0;
};

}  // namespace ws
