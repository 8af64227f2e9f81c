//===- SafeTensors.h - reading .safetensors weight files --------*- C++ -*-===//
//
// The format: an 8-byte little-endian header length N, N bytes of JSON
// mapping each tensor name to {"dtype", "shape", "data_offsets": [begin,
// end]} (offsets relative to the end of the header), an optional
// "__metadata__" object of strings, then the raw little-endian data. The
// parser trusts nothing: every length, offset, shape and dtype is checked, the
// tensors must tile the data exactly (no overlap, no gap), and a malformed
// file gives an error naming the tensor or field at fault. It reads a byte
// range owned by the caller (an mmap or a buffer) and copies no tensor data.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_SAFETENSORS_SAFETENSORS_H
#define RUNTIME_SAFETENSORS_SAFETENSORS_H

#include "dtc/Result.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dtc::safetensors {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

/// Checks that `path` names a regular file, before a caller reads it whole:
/// a directory, a device (/dev/zero reads without end) or a FIFO (blocks
/// forever) is an error naming the file.
Status checkRegularFile(const std::string &path);

/// "F32", "BF16", ... as written in the header.
std::string_view dtypeName(DType dtype);
/// Bytes per element.
size_t dtypeSize(DType dtype);

struct Tensor {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  /// Byte range of the data inside the file.
  uint64_t offset = 0;
  uint64_t size = 0;

  int64_t numElements() const;
};

class File {
public:
  /// Parses the file held in [data, data + size). The bytes must outlive the
  /// File: tensors point into them.
  static Result<File> parse(const uint8_t *data, size_t size);

  /// Tensors in the order of their data in the file.
  const std::vector<Tensor> &tensors() const { return tensors_; }
  /// The tensor called `name`, or null.
  const Tensor *find(std::string_view name) const;
  /// Where the data of `tensor` starts.
  const uint8_t *data(const Tensor &tensor) const { return base_ + tensor.offset; }
  const std::map<std::string, std::string> &metadata() const {
    return metadata_;
  }

  /// Header limit: larger headers are rejected before parsing (the reference
  /// implementation uses the same bound).
  static constexpr uint64_t kMaxHeaderSize = 100u << 20;

private:
  const uint8_t *base_ = nullptr;
  std::vector<Tensor> tensors_;
  std::map<std::string, std::string> metadata_;
};

} // namespace dtc::safetensors

#endif // RUNTIME_SAFETENSORS_SAFETENSORS_H
