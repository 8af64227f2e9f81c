//===- Tensor.cpp - tensors and element types of the C++ API --------------===//

#include "dtc/Runtime.h"
#include "runtime/core/Number.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>

using namespace dtc;

size_t dtc::dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
    return 2;
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  }
  return 0;
}

const char *dtc::errorCodeName(ErrorCode code) {
  switch (code) {
  case ErrorCode::InvalidArgument: return "invalid argument";
  case ErrorCode::NotFound: return "not found";
  case ErrorCode::Unsupported: return "unsupported";
  case ErrorCode::OutOfMemory: return "out of memory";
  case ErrorCode::CorruptArtifact: return "corrupt artifact";
  case ErrorCode::CheckFailed: return "run-time check failed";
  case ErrorCode::Busy: return "busy";
  case ErrorCode::Io: return "input/output error";
  }
  return "unknown";
}

std::string_view dtc::dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32: return "f32";
  case DType::F64: return "f64";
  case DType::F16: return "f16";
  case DType::BF16: return "bf16";
  case DType::I64: return "i64";
  case DType::I32: return "i32";
  case DType::I16: return "i16";
  case DType::I8: return "i8";
  case DType::U8: return "ui8";
  case DType::Bool: return "i1";
  }
  return "?";
}

Tensor Tensor::allocate(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  // 64-byte alignment suits every vector width the code may use.
  size_t bytes = t.byteSize();
  void *data = nullptr;
  if (bytes <= SIZE_MAX - 63) {
    bytes = (bytes + 63) / 64 * 64;
    data = std::aligned_alloc(64, bytes ? bytes : 64);
  }
  if (data)
    std::memset(data, 0, bytes);
  t.owner_ = std::shared_ptr<void>(data, std::free);
  t.data_ = data;
  return t;
}

Tensor Tensor::wrap(void *data, DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.data_ = data;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  return t;
}

Tensor Tensor::adopt(void *data, DType dtype, std::vector<int64_t> shape,
                     void (*deleter)(void *)) {
  return share(std::shared_ptr<void>(data, deleter), data, dtype,
               std::move(shape));
}

Tensor Tensor::share(std::shared_ptr<void> owner, void *data, DType dtype,
                     std::vector<int64_t> shape) {
  Tensor t = wrap(data, dtype, std::move(shape));
  t.owner_ = std::move(owner);
  return t;
}

int64_t Tensor::numElements() const {
  int64_t n = 1;
  bool overflow = false;
  for (int64_t dim : shape_) {
    if (dim < 0)
      return INT64_MAX;
    overflow |= __builtin_mul_overflow(n, dim, &n);
  }
  // A zero extent empties the tensor whatever overflowed before it.
  if (std::find(shape_.begin(), shape_.end(), 0) != shape_.end())
    return 0;
  return overflow ? INT64_MAX : n;
}

size_t Tensor::byteSize() const {
  size_t bytes;
  if (__builtin_mul_overflow(size_t(numElements()), dtypeSize(dtype_), &bytes))
    return SIZE_MAX;
  return bytes;
}

std::string dtc::typeString(const std::vector<int64_t> &shape, DType dtype) {
  std::string text;
  for (int64_t dim : shape)
    text += (dim < 0 ? std::string("?") : std::to_string(dim)) + "x";
  return text + std::string(dtypeName(dtype));
}

std::string Tensor::typeString() const {
  return dtc::typeString(shape_, dtype_);
}

std::string KnobInfo::rangeString() const {
  if (!min && !max)
    return "any";
  auto number = detail::numberString;
  return std::string(min && !minExclusive ? "[" : "(") +
         (min ? number(*min) : "-inf") + ", " + (max ? number(*max) : "inf") +
         (max && !maxExclusive ? "]" : ")");
}
