//===- Format.h - the byte layout of a .dtb file ----------------*- C++ -*-===//
//
//   [0, 32)              header: magic, format version, metadata size and
//                        XXH3-64 hash (little-endian)
//   [32, 32 + M)         metadata: a dtc.dtb.Artifact message (dtb.proto)
//   [P, end)             payload, P = 32 + M rounded up to 64: the sections
//                        the metadata names (host code, parameter data) at
//                        64-byte aligned offsets relative to P
//
// Offsets are relative to the payload so that the metadata does not depend
// on its own size. docs/artifact.md describes the format for users.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_ARTIFACT_FORMAT_H
#define RUNTIME_ARTIFACT_FORMAT_H

#include <cstddef>
#include <cstdint>

namespace dtc::dtb {

/// "\x7f" "DTB" then a CR-LF, ^Z, LF sequence that catches text-mode
/// transfers, as PNG does.
inline constexpr unsigned char kMagic[8] = {0x7f, 'D',  'T',  'B',
                                            '\r', '\n', 0x1a, '\n'};
/// Bumped when a runtime of the previous version would misread a file.
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint64_t kHeaderSize = 32;
inline constexpr uint64_t kSectionAlignment = 64;
/// Format name of HostCode for x86-64 Linux shared objects.
inline constexpr const char *kElfX86_64Shared = "elf-x86_64-shared";
/// Format name of DeviceCode holding PTX assembly.
inline constexpr const char *kPtx = "ptx";

struct Header {
  unsigned char magic[8];
  uint32_t formatVersion;
  uint32_t reserved;
  uint64_t metadataSize;
  uint64_t metadataXxh3;
};
static_assert(sizeof(Header) == kHeaderSize, "the header is 32 packed bytes");

inline uint64_t alignTo(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// XXH3-64 of [data, data + size): the checksum of every part of a file.
uint64_t hash(const void *data, size_t size);

} // namespace dtc::dtb

#endif // RUNTIME_ARTIFACT_FORMAT_H
