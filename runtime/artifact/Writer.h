//===- Writer.h - writing .dtb files ----------------------------*- C++ -*-===//
//
// The writer lays out the payload: each section's bytes go to the next
// 64-byte aligned offset, and its Section message (which lives inside the
// Artifact being written) receives that offset, the size and the hash. Then
// it writes header, metadata and payload in one pass.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_ARTIFACT_WRITER_H
#define RUNTIME_ARTIFACT_WRITER_H

#include "dtc/Result.h"
#include "runtime/artifact/dtb.pb.h"

#include <functional>
#include <string_view>
#include <vector>

namespace dtc::dtb {

/// The bytes of one section and the message inside the Artifact to describe
/// them in.
struct SectionData {
  Section *section;
  std::string_view bytes;
};

/// Receives the file's bytes in order; returns false to stop after an
/// output error.
using Sink = std::function<bool(std::string_view)>;

/// Lays out `sections` in order and writes `artifact` to `sink`.
Status write(Artifact &artifact, const std::vector<SectionData> &sections,
             const Sink &sink);

} // namespace dtc::dtb

#endif // RUNTIME_ARTIFACT_WRITER_H
