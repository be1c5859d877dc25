// Segmentation and checksum offload between the kernel and a tap opened with IFF_VNET_HDR:
// every frame is preceded by a virtio-net header (virtio spec 1.2 §5.1.6), the same one a
// virtual NIC shares with its hypervisor. With TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4) the
// kernel hands over TCP segments of up to 64 KiB that it has not cut to the MSS (TSO: one
// read() carries what would be 44 frames), and leaves their TCP/UDP checksum to be finished
// (VIRTIO_NET_HDR_F_NEEDS_CSUM: the field holds only the pseudo-header's sum). These are the
// pure parts: what the header says, and finishing such a checksum; tap_device.cpp does the I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "wirestack/base/bytes.h"

namespace ws {

// struct virtio_net_hdr (legacy layout, host byte order, as tun uses on little-endian hosts).
struct VirtioNetHeader {
  static constexpr std::size_t kSize = 10;
  static constexpr std::uint8_t kNeedsChecksum = 1;  // VIRTIO_NET_HDR_F_NEEDS_CSUM
  static constexpr std::uint8_t kGsoNone = 0;        // VIRTIO_NET_HDR_GSO_NONE
  static constexpr std::uint8_t kGsoTcpV4 = 1;       // VIRTIO_NET_HDR_GSO_TCPV4

  std::uint8_t flags = 0;
  std::uint8_t gso_type = kGsoNone;
  std::uint16_t header_len = 0;       // Ethernet + IP + TCP header bytes of a GSO frame
  std::uint16_t gso_size = 0;         // the MSS the frame would be cut to
  std::uint16_t checksum_start = 0;   // where the checksummed span begins, from the frame's start
  std::uint16_t checksum_offset = 0;  // where, from checksum_start, the sum is stored

  static VirtioNetHeader read(Bytes bytes);  // bytes.size() >= kSize
  void write(MutableBytes bytes) const;      // bytes.size() >= kSize
};

enum class OffloadError : std::uint8_t {
  kBadChecksumSpan,  // checksum_start/offset fall outside the frame
  kUnsupportedGso,   // a segmentation type we did not ask for (UDP, TCPv6, ECN)
};
const char* to_string(OffloadError error);

// Makes `frame` (the Ethernet frame after the header) complete, as if it had crossed a wire:
// finishes a partial checksum in place (RFC 1071 over checksum_start..end; a UDP sum of zero is
// sent as 0xffff, RFC 768). A TSO frame stays one large TCP segment: its IPv4 total length and
// header checksum already describe the whole. Returns why the frame must be dropped when the
// header cannot be honoured, nullopt when the frame is ready.
std::optional<OffloadError> complete_received_frame(const VirtioNetHeader& header,
                                                    MutableBytes frame);

}  // namespace ws
