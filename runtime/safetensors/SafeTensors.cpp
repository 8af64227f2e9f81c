//===- SafeTensors.cpp - reading .safetensors weight files ----------------===//

#include "runtime/safetensors/SafeTensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <sys/stat.h>
#include <tuple>

namespace dtc::safetensors {

Status checkRegularFile(const std::string &path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return Error{"cannot read '" + path + "': " + std::strerror(errno)};
  if (!S_ISREG(st.st_mode))
    return Error{"cannot read '" + path + "': not a regular file (" +
                 (S_ISDIR(st.st_mode)    ? "a directory"
                  : S_ISFIFO(st.st_mode) ? "a FIFO"
                  : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                      ? "a device"
                      : "not a file") +
                 ")"};
  return {};
}

namespace {
using json = nlohmann::json;

struct DTypeInfo {
  std::string_view name;
  DType dtype;
  size_t size;
};
constexpr std::array<DTypeInfo, 10> kDTypes = {{
    {"F64", DType::F64, 8}, {"F32", DType::F32, 4}, {"F16", DType::F16, 2},
    {"BF16", DType::BF16, 2}, {"I64", DType::I64, 8}, {"I32", DType::I32, 4},
    {"I16", DType::I16, 2}, {"I8", DType::I8, 1}, {"U8", DType::U8, 1},
    {"BOOL", DType::Bool, 1},
}};

const DTypeInfo &infoOf(DType dtype) {
  return *std::find_if(kDTypes.begin(), kDTypes.end(),
                       [&](const DTypeInfo &i) { return i.dtype == dtype; });
}

std::string describeTensor(std::string_view name) {
  return "tensor '" + std::string(name) + "'";
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// A non-negative integer that fits int64, from a JSON value.
bool readCount(const json &value, uint64_t &out) {
  if (!value.is_number_unsigned() && !value.is_number_integer())
    return false;
  if (value.is_number_integer() && !value.is_number_unsigned() &&
      value.get<int64_t>() < 0)
    return false;
  out = value.get<uint64_t>();
  return out <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}

/// Parses one tensor entry; `dataSize` bounds its offsets.
Result<Tensor> parseTensor(const std::string &name, const json &entry,
                           uint64_t dataSize) {
  std::string what = describeTensor(name);
  if (!entry.is_object())
    return Error{what + ": entry is not a JSON object"};
  Tensor t;
  t.name = name;

  auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string())
    return Error{what + ": missing string field 'dtype'"};
  const std::string &dtypeText = dtype->get_ref<const std::string &>();
  auto known = std::find_if(kDTypes.begin(), kDTypes.end(),
                            [&](const DTypeInfo &i) { return i.name == dtypeText; });
  if (known == kDTypes.end())
    return Error{what + ": unsupported dtype '" + dtypeText + "'"};
  t.dtype = known->dtype;

  auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array())
    return Error{what + ": missing list field 'shape'"};
  uint64_t elements = 1;
  for (const json &dim : *shape) {
    uint64_t extent;
    if (!readCount(dim, extent))
      return Error{what + ": shape must list non-negative integers"};
    if (extent != 0 && elements > std::numeric_limits<uint64_t>::max() /
                                      extent / known->size)
      return Error{what + ": shape is too large"};
    elements *= extent;
    t.shape.push_back(static_cast<int64_t>(extent));
  }

  auto offsets = entry.find("data_offsets");
  uint64_t begin, end;
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !readCount((*offsets)[0], begin) || !readCount((*offsets)[1], end))
    return Error{what + ": 'data_offsets' must be [begin, end]"};
  if (begin > end || end > dataSize)
    return Error{what + ": data_offsets [" + std::to_string(begin) + ", " +
                 std::to_string(end) + "] lie outside the " +
                 std::to_string(dataSize) + " bytes of data"};
  uint64_t expected = elements * known->size;
  if (end - begin != expected)
    return Error{what + ": holds " + std::to_string(end - begin) +
                 " bytes but shape " + shapeString(t.shape) + " of " +
                 std::string(known->name) + " needs " +
                 std::to_string(expected)};
  t.offset = begin;
  t.size = end - begin;
  return t;
}
} // namespace

std::string_view dtypeName(DType dtype) { return infoOf(dtype).name; }
size_t dtypeSize(DType dtype) { return infoOf(dtype).size; }

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

const Tensor *File::find(std::string_view name) const {
  for (const Tensor &t : tensors_)
    if (t.name == name)
      return &t;
  return nullptr;
}

Result<File> File::parse(const uint8_t *data, size_t size) {
  if (size < 8)
    return Error{"file is " + std::to_string(size) +
                 " bytes, too short for the 8-byte header length"};
  uint64_t headerSize = 0;
  for (int i = 7; i >= 0; --i)
    headerSize = (headerSize << 8) | data[i];
  if (headerSize > kMaxHeaderSize)
    return Error{"header length " + std::to_string(headerSize) +
                 " exceeds the limit of " + std::to_string(kMaxHeaderSize) +
                 " bytes"};
  if (headerSize > size - 8)
    return Error{"header length " + std::to_string(headerSize) +
                 " runs past the end of the " + std::to_string(size) +
                 "-byte file (truncated?)"};
  json header = json::parse(data + 8, data + 8 + headerSize,
                            /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded())
    return Error{"header is not valid JSON"};
  if (!header.is_object())
    return Error{"header is not a JSON object"};

  File file;
  uint64_t dataStart = 8 + headerSize, dataSize = size - dataStart;
  file.base_ = data;
  for (const auto &[key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object())
        return Error{"'__metadata__' must be an object of strings"};
      for (const auto &[mk, mv] : value.items()) {
        if (!mv.is_string())
          return Error{"'__metadata__' entry '" + mk + "' is not a string"};
        file.metadata_[mk] = mv.get<std::string>();
      }
      continue;
    }
    Result<Tensor> tensor = parseTensor(key, value, dataSize);
    if (!tensor)
      return tensor.failure();
    file.tensors_.push_back(std::move(tensor).value());
  }

  // The tensors must tile the data exactly: no overlap (two names for the
  // same bytes) and no gap (bytes no tensor accounts for).
  std::sort(file.tensors_.begin(), file.tensors_.end(),
            [](const Tensor &a, const Tensor &b) {
              return std::tie(a.offset, a.size, a.name) <
                     std::tie(b.offset, b.size, b.name);
            });
  uint64_t covered = 0;
  const Tensor *previous = nullptr;
  for (Tensor &t : file.tensors_) {
    if (t.offset < covered)
      return Error{describeTensor(t.name) + " overlaps " + describeTensor(previous->name)};
    if (t.offset > covered)
      return Error{std::to_string(t.offset - covered) +
                   " bytes of data before " + describeTensor(t.name) +
                   " belong to no tensor"};
    covered = t.offset + t.size;
    previous = &t;
    t.offset += dataStart;
  }
  if (covered != dataSize)
    return Error{std::to_string(dataSize - covered) +
                 " bytes at the end of the data belong to no tensor"};
  return file;
}

} // namespace dtc::safetensors
