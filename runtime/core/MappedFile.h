//===- MappedFile.h - a read-only memory-mapped file ------------*- C++ -*-===//
//
// Artifacts and external weights are mapped, not read: parameters are bound
// to the compiled code in place, and pages are shared between processes that
// load the same file.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_MAPPEDFILE_H
#define RUNTIME_CORE_MAPPEDFILE_H

#include "dtc/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace dtc {

class MappedFile {
public:
  /// Maps `path` read-only; an error names the file and the reason.
  static Result<MappedFile> open(const std::string &path);

  MappedFile() = default;
  MappedFile(MappedFile &&other) noexcept { *this = std::move(other); }
  MappedFile &operator=(MappedFile &&other) noexcept;
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;
  ~MappedFile();

  const uint8_t *data() const { return data_; }
  size_t size() const { return size_; }

private:
  const uint8_t *data_ = nullptr;
  size_t size_ = 0;
};

} // namespace dtc

#endif // RUNTIME_CORE_MAPPEDFILE_H
