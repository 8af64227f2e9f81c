//===- Npy.cpp - numpy's .npy files ---------------------------------------===//

#include "runtime/tools/dtc-run/Npy.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

using namespace dtc;

namespace {
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct Descr {
  const char *text;
  DType dtype;
};
// '|' marks single bytes, whose byte order does not apply ('<' is accepted
// for them too).
constexpr Descr kDescrs[] = {
    {"<f4", DType::F32}, {"<f8", DType::F64}, {"<f2", DType::F16},
    {"<i8", DType::I64}, {"<i4", DType::I32}, {"<i2", DType::I16},
    {"|i1", DType::I8},  {"|u1", DType::U8},  {"|b1", DType::Bool}};

/// The value of `key` in the header dictionary, up to the next top-level
/// comma or closing brace.
std::optional<std::string> field(const std::string &header,
                                 const std::string &key) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    return std::nullopt;
  at = header.find(':', at);
  if (at == std::string::npos)
    return std::nullopt;
  size_t end = ++at;
  int depth = 0;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  std::string value = header.substr(at, end - at);
  size_t first = value.find_first_not_of(" "),
         last = value.find_last_not_of(" ");
  return first == std::string::npos ? "" : value.substr(first, last - first + 1);
}
} // namespace

Result<Tensor> npy::read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{"cannot open '" + path + "': " + std::strerror(errno)};
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  auto bad = [&](const std::string &what) {
    return Error{"'" + path + "' is not a valid .npy file: " + what};
  };
  if (bytes.size() < kMagicSize + 4 ||
      std::memcmp(bytes.data(), kMagic, kMagicSize) != 0)
    return bad("bad magic number");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (major < 1 || major > 3 || bytes.size() < 8 + lengthBytes)
    return bad("unsupported version " + std::to_string(major));
  size_t headerSize = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    headerSize |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i]))
                  << (8 * i);
  size_t dataStart = 8 + lengthBytes + headerSize;
  if (dataStart > bytes.size())
    return bad("truncated header");
  std::string header = bytes.substr(8 + lengthBytes, headerSize);

  std::optional<std::string> descr = field(header, "descr"),
                             order = field(header, "fortran_order"),
                             shapeText = field(header, "shape");
  if (!descr || !order || !shapeText)
    return bad("the header lacks 'descr', 'fortran_order' or 'shape'");
  if (*order != "False")
    return bad("Fortran-ordered arrays are not supported");
  std::optional<DType> dtype;
  for (const Descr &d : kDescrs) {
    std::string quoted = std::string("'") + d.text + "'";
    std::string alternative = quoted;
    alternative[1] = d.text[0] == '|' ? '<' : '|';
    if (*descr == quoted || *descr == alternative)
      dtype = d.dtype;
  }
  if (!dtype)
    return bad("unsupported dtype " + *descr +
               " (dtc reads f2/f4/f8, i1/i2/i4/i8, u1, b1, little-endian)");
  if (shapeText->size() < 2 || shapeText->front() != '(' ||
      shapeText->back() != ')')
    return bad("malformed shape " + *shapeText);
  std::vector<int64_t> shape;
  std::string dims = shapeText->substr(1, shapeText->size() - 2);
  for (size_t pos = 0; pos < dims.size();) {
    size_t comma = dims.find(',', pos);
    std::string item = dims.substr(pos, comma == std::string::npos
                                            ? std::string::npos
                                            : comma - pos);
    pos = comma == std::string::npos ? dims.size() : comma + 1;
    if (item.find_first_not_of(" ") == std::string::npos)
      continue;
    char *end = nullptr;
    long long dim = std::strtoll(item.c_str(), &end, 10);
    if (dim < 0 || end == item.c_str() ||
        std::string(end).find_first_not_of(" L") != std::string::npos)
      return bad("malformed shape " + *shapeText);
    shape.push_back(dim);
  }
  // The data size bounds every extent, so the product cannot overflow.
  uint64_t available = bytes.size() - dataStart, needed = dtypeSize(*dtype);
  for (int64_t dim : shape)
    needed = dim == 0 ? 0
             : needed > available / static_cast<uint64_t>(dim)
                 ? available + 1
                 : needed * dim;
  if (needed != available)
    return bad("shape " + *shapeText + " does not match the " +
               std::to_string(available) + " bytes of data");
  Tensor tensor = Tensor::allocate(*dtype, shape);
  std::memcpy(tensor.data(), bytes.data() + dataStart, tensor.byteSize());
  return tensor;
}

Status npy::write(const std::string &path, const Tensor &tensor) {
  const char *descr = nullptr;
  for (const Descr &d : kDescrs)
    if (d.dtype == tensor.dtype())
      descr = d.text;
  if (!descr)
    return Error{"cannot write " + std::string(dtypeName(tensor.dtype())) +
                 " to a .npy file"};
  std::string shape; // "()", "(2,)", "(2, 3)" as numpy writes them
  for (size_t i = 0; i < tensor.shape().size(); ++i)
    shape += (i ? ", " : "") + std::to_string(tensor.shape()[i]);
  if (tensor.shape().size() == 1)
    shape += ",";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (" + shape +
                       "), }";
  // Pad with spaces so the data starts at a multiple of 64, newline last.
  size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out)
    return Error{"cannot write '" + path + "': " + std::strerror(errno)};
  out.write(kMagic, kMagicSize);
  out.put(1);
  out.put(0);
  out.put(static_cast<char>(header.size() & 0xff));
  out.put(static_cast<char>(header.size() >> 8));
  out << header;
  out.write(static_cast<const char *>(tensor.data()), tensor.byteSize());
  if (!out)
    return Error{"cannot write '" + path + "'"};
  return {};
}
