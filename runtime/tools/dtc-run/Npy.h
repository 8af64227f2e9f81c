//===- Npy.h - numpy's .npy files -------------------------------*- C++ -*-===//
//
// Reads and writes version 1-3 .npy files of little-endian, C-ordered arrays
// (what np.save writes for the dtypes dtc uses). A malformed file is an error
// naming the file and what is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_TOOLS_DTCRUN_NPY_H
#define RUNTIME_TOOLS_DTCRUN_NPY_H

#include "dtc/Runtime.h"

#include <string>

namespace dtc::npy {

Result<Tensor> read(const std::string &path);
Status write(const std::string &path, const Tensor &tensor);

} // namespace dtc::npy

#endif // RUNTIME_TOOLS_DTCRUN_NPY_H
