//===- Reader.h - reading and validating .dtb files -------------*- C++ -*-===//
//
// read() trusts nothing in the file: the header, the metadata's checksum and
// encoding, every section's bounds, alignment and checksum, and the
// consistency of entry points, knobs and parameters are all checked before
// anything is used. Each failure is an error naming the part at fault.
// Whether the host machine can run the code, and external parameter files,
// are the loader's to check (they need the host and the file system).
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_ARTIFACT_READER_H
#define RUNTIME_ARTIFACT_READER_H

#include "dtc/Result.h"
#include "runtime/artifact/dtb.pb.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dtc::dtb {

/// A validated artifact over bytes owned by the caller (typically an mmap).
struct ArtifactView {
  Artifact metadata;
  const uint8_t *payload = nullptr;
  uint64_t payloadSize = 0;

  /// The bytes of a validated section.
  const uint8_t *data(const Section &section) const {
    return payload + section.offset();
  }
};

Result<ArtifactView> read(const uint8_t *data, size_t size);

/// Bytes per element of `dtype`; 0 for DTYPE_UNSPECIFIED or an unknown value.
size_t elementSize(DType dtype);
/// "f32", "i64", "bool", ... as in MLIR types; "?" for an unknown value.
std::string_view dtypeName(DType dtype);
/// "1x?x3xf32" for dims [1, -1, 3] of f32 ("f32" for a scalar).
std::string typeString(const TensorType &type);

/// What the compiled code of `entry` takes and returns, as the metadata
/// says: "in:?x4xf32;param:3x4xf32;knob:f32,vi64;out:?x3xf32". dtc stores
/// the same text in the host code (a NUL-terminated string at symbol
/// kSignatureSymbolPrefix + the entry point's name), and the loader compares the two,
/// so metadata that disagrees with the code it describes (a wrong output
/// count, rank or dtype, a parameter or knob list of another entry point)
/// is refused instead of corrupting memory. Indices must be in range
/// (read() checks them).
std::string entrySignature(const Artifact &artifact, const EntryPoint &entry);
inline constexpr const char *kSignatureSymbolPrefix = "_dtc_signature_";

} // namespace dtc::dtb

#endif // RUNTIME_ARTIFACT_READER_H
