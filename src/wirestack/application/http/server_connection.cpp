#include "wirestack/application/http/server_connection.h"

#include <cstdio>

#include "wirestack/application/http/serializer.h"
#include "wirestack/application/http/status.h"

namespace ws::http {

ServerConnection::ServerConnection(const Site& site, const ConnectionOptions& options,
                                   ExchangeObserver* observer, std::uint32_t id)
    : site_(site), options_(options), observer_(observer), id_(id), parser_(options.limits) {}

bool ServerConnection::backed_up() const {
  return file_left_ > 0 || out_.size() - out_pos_ > options_.output_high_water;
}

std::size_t ServerConnection::receive(Bytes data) {
  std::size_t used = 0;
  while (used < data.size()) {
    if (last_queued_) return data.size();  // nothing after the last response is answered
    if (backed_up()) break;
    const MessageParser::Step step = parser_.feed(data.subspan(used));
    used += step.consumed;  // request content is not used by GET/HEAD; it is skipped
    if (parser_.failed()) {
      respond_error(status_for(parser_.error()));
    } else if (parser_.complete()) {
      respond();
      parser_.reset();
    }
  }
  return used;
}

void ServerConnection::receive_end() {
  // A request cut short gets no answer (RFC 9112 §9.6: the peer closed); answers to earlier
  // requests still go out.
  last_queued_ = true;
}

void ServerConnection::request_timed_out() {
  if (last_queued_) return;
  respond_error(status::kRequestTimeout);
}

void ServerConnection::respond() {
  ++requests_;
  const RequestHead& request = parser_.head();
  if (observer_) observer_->request_received(*this, request, parser_.content_received());
  site_.resolve(request, reply_);
  queue(reply_, parser_.keep_alive(), request.method == "HEAD");
  if (observer_) observer_->response_queued(*this, request, reply_.status, reply_.length);
}

void ServerConnection::respond_error(std::uint16_t status) {
  ++requests_;
  Site::error_reply(status, reply_);
  queue(reply_, false, false);
  if (observer_) observer_->response_queued(*this, parser_.head(), status, reply_.length);
}

void ServerConnection::queue(const Reply& reply, bool keep_alive, bool head_only) {
  ResponseHead& head = response_;  // reused: no allocation per response once warmed up
  head.headers.clear();
  head.status = reply.status;
  if (!options_.server_name.empty()) head.headers.add("Server", options_.server_name);
  head.headers.add("Content-Type", reply.content_type);
  char length[24];
  std::snprintf(length, sizeof length, "%llu", static_cast<unsigned long long>(reply.length));
  head.headers.add("Content-Length", length);
  if (reply.allow_header) head.headers.add("Allow", "GET, HEAD");
  if (!keep_alive) {
    head.headers.add("Connection", "close");
    last_queued_ = true;
  } else if (!parser_.head().version.at_least_1_1()) {
    head.headers.add("Connection", "keep-alive");  // HTTP/1.0 keep-alive, answered in kind
  }
  append_response_head(out_, head);
  if (head_only) return;
  if (!reply.from_file()) {
    out_ += reply.text;
    return;
  }
  file_.close();
  file_.clear();
  file_.open(reply.file, std::ios::binary);
  file_left_ = reply.length;
  if (!file_) broken_ = true;
  refill();
}

void ServerConnection::refill() {
  if (file_left_ == 0 || broken_ || out_.size() - out_pos_ >= options_.file_chunk) return;
  const std::size_t want =
      static_cast<std::size_t>(std::min<std::uint64_t>(file_left_, options_.file_chunk));
  const std::size_t old = out_.size();
  out_.resize(old + want);
  file_.read(out_.data() + old, static_cast<std::streamsize>(want));
  const auto got = static_cast<std::size_t>(file_.gcount());
  out_.resize(old + got);
  file_left_ -= got;
  if (got < want) broken_ = true;  // shorter than announced
  if (file_left_ == 0) file_.close();
}

Bytes ServerConnection::output() {
  refill();
  return Bytes(reinterpret_cast<const std::uint8_t*>(out_.data()) + out_pos_,
               out_.size() - out_pos_);
}

void ServerConnection::sent(std::size_t n) {
  out_pos_ += n;
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
  } else if (out_pos_ > out_.size() / 2 && out_pos_ > 4096) {
    out_.erase(0, out_pos_);
    out_pos_ = 0;
  }
}

bool ServerConnection::finished_sending() {
  return last_queued_ && file_left_ == 0 && out_pos_ == out_.size();
}

}  // namespace ws::http
