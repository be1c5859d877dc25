#include "wirestack/link/pcap/pcap_writer.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <utility>

namespace ws {

void PcapWriter::Closer::operator()(pcap* p) const {
  pcap_close(p);
}
void PcapWriter::Closer::operator()(pcap_dumper* d) const {
  pcap_dump_close(d);
}

PcapWriter::PcapWriter(std::unique_ptr<pcap, Closer> handle,
                       std::unique_ptr<pcap_dumper, Closer> dumper, std::string path)
    : handle_(std::move(handle)), dumper_(std::move(dumper)), path_(std::move(path)) {}

PcapWriter::~PcapWriter() = default;

Result<std::unique_ptr<PcapWriter>, PcapWriteError> PcapWriter::open(const std::string& path) {
  std::unique_ptr<pcap, Closer> handle(
      pcap_open_dead_with_tstamp_precision(DLT_EN10MB, kSnapLen, PCAP_TSTAMP_PRECISION_NANO));
  if (!handle) {
    return Err(PcapWriteError{PcapWriteError::Kind::kOpen, path + ": libpcap out of memory"});
  }
  std::unique_ptr<pcap_dumper, Closer> dumper(pcap_dump_open(handle.get(), path.c_str()));
  if (!dumper) {
    return Err(PcapWriteError{PcapWriteError::Kind::kOpen, std::string(pcap_geterr(handle.get()))});
  }
  return std::unique_ptr<PcapWriter>(new PcapWriter(std::move(handle), std::move(dumper), path));
}

void PcapWriter::record(Instant time, Bytes frame) {
  pcap_pkthdr header{};
  const std::int64_t ns = time.nanos();
  header.ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  // With nanosecond precision, libpcap stores nanoseconds in tv_usec.
  header.ts.tv_usec = static_cast<suseconds_t>(ns % 1'000'000'000);
  header.len = static_cast<bpf_u_int32>(frame.size());
  header.caplen = static_cast<bpf_u_int32>(std::min<std::size_t>(frame.size(), kSnapLen));
  pcap_dump(reinterpret_cast<u_char*>(dumper_.get()), &header, frame.data());
  ++frames_;
}

Result<Unit, PcapWriteError> PcapWriter::flush() {
  if (pcap_dump_flush(dumper_.get()) != 0) {
    return Err(PcapWriteError{PcapWriteError::Kind::kWrite, path_ + ": flush failed"});
  }
  return Unit{};
}

}  // namespace ws
