//===- SourceLocation.h - "FILE:LINE:COL" of an op, for messages -*- C++ -*-===//
//
// Run-time messages and counters name the model line they come from; the
// runtime has no MLIR locations, only these strings.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_TRANSFORMS_SOURCELOCATION_H
#define COMPILER_TRANSFORMS_SOURCELOCATION_H

#include "mlir/IR/Location.h"

#include <string>

namespace mlir::dt {

/// The first file location in `loc` (through call sites and fused
/// locations) as "FILE:LINE:COL", or "<unknown location>".
inline std::string sourceLocation(Location loc) {
  auto fileLoc = dyn_cast<FileLineColLoc>(loc);
  if (!fileLoc)
    fileLoc = loc->findInstanceOf<FileLineColLoc>();
  if (!fileLoc)
    return "<unknown location>";
  return (fileLoc.getFilename().getValue() + ":" + Twine(fileLoc.getLine()) +
          ":" + Twine(fileLoc.getColumn()))
      .str();
}

} // namespace mlir::dt

#endif // COMPILER_TRANSFORMS_SOURCELOCATION_H
