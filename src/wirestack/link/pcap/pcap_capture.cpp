#include "wirestack/link/pcap/pcap_capture.h"

namespace ws {

std::optional<Bytes> PcapCapture::receive(Instant now) {
  std::optional<Bytes> frame = inner_.receive(now);
  if (frame) recorder_.record(now, *frame);
  return frame;
}

void PcapCapture::transmit(Instant now, Bytes frame) {
  recorder_.record(now, frame);
  inner_.transmit(now, frame);
}

}  // namespace ws
