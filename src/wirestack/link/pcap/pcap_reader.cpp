#include "wirestack/link/pcap/pcap_reader.h"

#include <pcap/pcap.h>

#include <filesystem>
#include <system_error>

namespace ws {

const char* to_string(PcapReadError::Kind k) {
  switch (k) {
    case PcapReadError::Kind::kNotFound:
      return "not found";
    case PcapReadError::Kind::kOpen:
      return "cannot open";
    case PcapReadError::Kind::kCorrupt:
      return "corrupt";
  }
  return "unknown";
}

void PcapReader::Closer::operator()(pcap* p) const {
  pcap_close(p);
}

PcapReader::PcapReader(PcapReader&&) noexcept = default;
PcapReader& PcapReader::operator=(PcapReader&&) noexcept = default;
PcapReader::~PcapReader() = default;

Result<PcapReader, PcapReadError> PcapReader::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Err(PcapReadError{PcapReadError::Kind::kNotFound, path + ": no such file"});
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == nullptr) {
    return Err(PcapReadError{PcapReadError::Kind::kOpen, path + ": " + errbuf});
  }
  return PcapReader(std::unique_ptr<pcap, Closer>(p), path);
}

int PcapReader::link_type() const {
  return pcap_datalink(handle_.get());
}

int PcapReader::snapshot_len() const {
  return pcap_snapshot(handle_.get());
}

Result<std::optional<CapturedFrame>, PcapReadError> PcapReader::next() {
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_.get(), &header, &data);
  if (rc == PCAP_ERROR_BREAK) return std::optional<CapturedFrame>();
  if (rc != 1) {
    return Err(
        PcapReadError{PcapReadError::Kind::kCorrupt, path_ + ": " + pcap_geterr(handle_.get())});
  }
  CapturedFrame frame;
  frame.number = ++count_;
  // With nanosecond precision libpcap puts nanoseconds in tv_usec.
  frame.timestamp =
      Instant::from_nanos(static_cast<std::int64_t>(header->ts.tv_sec) * 1000'000'000 +
                          static_cast<std::int64_t>(header->ts.tv_usec));
  frame.orig_len = header->len;
  frame.data = Bytes(data, header->caplen);
  return std::optional<CapturedFrame>(frame);
}

}  // namespace ws
