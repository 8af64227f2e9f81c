//===- Npy.h - numpy's .npy files -------------------------------*- C++ -*-===//
//
// Reads and writes version 1-3 .npy files of little-endian, C-ordered arrays
// (what np.save writes for the dtypes dtc uses). A malformed file is an error
// naming the file and what is wrong; so are a path that is not a regular file
// (a directory, a device, a FIFO) and running out of memory. Nothing throws.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_TOOLS_DTCRUN_NPY_H
#define RUNTIME_TOOLS_DTCRUN_NPY_H

#include "dtc/Runtime.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace dtc::npy {

/// Reads the regular file at `path` (exactly its size at open: a file that
/// grows while read is not followed).
Result<Tensor> read(const std::string &path);
/// Parses a whole .npy file held in [data, data + size), copying the array
/// out of it; `name` names the file in errors. The header's shape is checked
/// against `size` before anything is allocated.
Result<Tensor> parse(const uint8_t *data, size_t size, const std::string &name);
Status write(const std::string &path, const Tensor &tensor);

} // namespace dtc::npy

#endif // RUNTIME_TOOLS_DTCRUN_NPY_H
