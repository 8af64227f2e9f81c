//===- LoadedModel.h - an artifact loaded into the process ------*- C++ -*-===//
//
// What Runtime::load builds and every Model and Session shares: the mapped
// file, the description applications see, parameters bound in place, and the
// host code's entry functions.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_LOADEDMODEL_H
#define RUNTIME_CORE_LOADEDMODEL_H

#include "dtc/Runtime.h"
#include "runtime/core/MappedFile.h"

#include <memory>
#include <vector>

namespace dtc::detail {

class ThreadPool;

/// The packed entry dtc generates: args[i] points at the value of the i-th
/// argument of the entry's C interface (the results' address first).
using PackedEntry = void (*)(void **args);

struct LoadedModel {
  MappedFile artifact;
  std::vector<MappedFile> externalFiles;
  /// Aligned copies of external tensors whose data in their file is not
  /// 64-byte aligned (a .safetensors header may have any length).
  struct AlignedCopy {
    void *data;
    size_t size;
  };
  std::vector<AlignedCopy> alignedCopies;
  ModelInfo info;
  /// Parameters in artifact order, pointing into the mapped files.
  struct Parameter {
    const void *data;
    std::vector<int64_t> shape;
  };
  std::vector<Parameter> parameters;
  struct Entry {
    PackedEntry function;
    /// Indices into `parameters` and `info.knobs`, in argument order.
    std::vector<uint32_t> parameters, knobs;
  };
  std::vector<Entry> entries;
  /// The dlopen handle of the host code.
  void *library = nullptr;
  /// The anonymous file the library was loaded from, open while it is
  /// loaded so that no other library is loaded under its /proc path.
  int libraryFd = -1;
  /// The pool of the Runtime that loaded it, which its kernels run on.
  std::shared_ptr<ThreadPool> pool;

  LoadedModel() = default;
  LoadedModel(const LoadedModel &) = delete;
  LoadedModel &operator=(const LoadedModel &) = delete;
  ~LoadedModel();
};

} // namespace dtc::detail

#endif // RUNTIME_CORE_LOADEDMODEL_H
