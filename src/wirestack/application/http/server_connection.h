// One HTTP/1.1 server connection without I/O: received bytes go in, response bytes come out.
// Requests are answered in order (pipelining, RFC 9112 §9.3.2); while responses are backed up
// it takes no more input, so memory stays bounded by the limits and the output high-water
// mark whatever the peer sends. Files are read in pieces as the output drains.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "wirestack/application/http/limits.h"
#include "wirestack/application/http/request_parser.h"
#include "wirestack/application/http/site.h"
#include "wirestack/base/bytes.h"

namespace ws::http {

struct ConnectionOptions {
  Limits limits;
  std::size_t output_high_water = 64 * 1024;  // stop taking requests above this much output
  std::size_t file_chunk = 16 * 1024;         // file content read at a time
  std::string server_name = "wirestack";      // the Server field; empty: none
};

class ServerConnection;

// Told about each exchange, for events and counters.
class ExchangeObserver {
 public:
  virtual ~ExchangeObserver() = default;
  virtual void request_received(const ServerConnection& conn, const RequestHead& request,
                                std::uint64_t content_bytes) = 0;
  // `content_bytes`: the length of the content announced (sent only when not HEAD).
  virtual void response_queued(const ServerConnection& conn, const RequestHead& request,
                               std::uint16_t status, std::uint64_t content_bytes) = 0;
};

class ServerConnection {
 public:
  ServerConnection(const Site& site, const ConnectionOptions& options,
                   ExchangeObserver* observer = nullptr, std::uint32_t id = 0);
  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  // Takes received bytes; returns how many it took (fewer while responses are backed up).
  // After the last response (Connection: close, an error) input is taken and ignored.
  std::size_t receive(Bytes data);
  // The peer sent FIN (after every received byte was taken).
  void receive_end();
  // The request being received took too long: 408 and no more requests (RFC 9110 §15.5.9).
  void request_timed_out();

  // Bytes to send next (empty: nothing now), and how many of them were sent.
  Bytes output();
  void sent(std::size_t n);

  // Everything to send is sent and no more will come: time to send FIN.
  bool finished_sending();
  // A file shrank under us after its length was announced: the connection must be aborted.
  bool broken() const { return broken_; }
  // A request is partly received (its head or content is incomplete).
  bool mid_request() const { return !parser_.idle(); }
  std::uint32_t id() const { return id_; }
  std::uint64_t requests() const { return requests_; }

 private:
  bool backed_up() const;
  void respond();
  void respond_error(std::uint16_t status);
  void queue(const Reply& reply, bool keep_alive, bool head_only);
  void refill();

  const Site& site_;
  const ConnectionOptions& options_;
  ExchangeObserver* observer_;
  std::uint32_t id_;
  RequestParser parser_;
  Reply reply_;
  ResponseHead response_;
  std::string out_;
  std::size_t out_pos_ = 0;
  std::ifstream file_;
  std::uint64_t file_left_ = 0;
  bool last_queued_ = false;  // no response will follow the queued ones
  bool broken_ = false;
  std::uint64_t requests_ = 0;
};

}  // namespace ws::http
