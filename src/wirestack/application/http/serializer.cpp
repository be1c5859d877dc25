#include "wirestack/application/http/serializer.h"

#include <cstdio>

#include "wirestack/application/http/status.h"

namespace ws::http {
namespace {

void append_version(std::string& out, Version v) {
  out += "HTTP/";
  out += static_cast<char>('0' + v.major);
  out += '.';
  out += static_cast<char>('0' + v.minor);
}

void append_fields(std::string& out, const Headers& headers) {
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const Field f = headers[i];
    out += f.name;
    out += ": ";
    out += f.value;
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace

void append_request_head(std::string& out, const RequestHead& head) {
  out += head.method;
  out += ' ';
  out += head.target;
  out += ' ';
  append_version(out, head.version);
  out += "\r\n";
  append_fields(out, head.headers);
}

void append_response_head(std::string& out, const ResponseHead& head) {
  append_version(out, head.version);
  char code[8];
  std::snprintf(code, sizeof code, " %03u ", static_cast<unsigned>(head.status % 1000));
  out += code;
  out += head.reason.empty() ? std::string_view(reason_phrase(head.status))
                             : std::string_view(head.reason);
  out += "\r\n";
  append_fields(out, head.headers);
}

void append_chunk(std::string& out, std::string_view data) {
  if (data.empty()) return;
  char size[24];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  out += size;
  out += data;
  out += "\r\n";
}

void append_last_chunk(std::string& out) {
  out += "0\r\n\r\n";
}

}  // namespace ws::http
