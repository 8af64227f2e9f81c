//===- Npy.cpp - numpy's .npy files ---------------------------------------===//

#include "runtime/tools/dtc-run/Npy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

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
/// comma or closing brace, without surrounding spaces.
std::optional<std::string_view> field(std::string_view header,
                                      const std::string &key) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string_view::npos)
    return std::nullopt;
  at = header.find(':', at);
  if (at == std::string_view::npos)
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
  std::string_view value = header.substr(at, end - at);
  size_t first = value.find_first_not_of(' '),
         last = value.find_last_not_of(' ');
  return first == std::string_view::npos
             ? std::string_view()
             : value.substr(first, last - first + 1);
}

/// `text` for an error message; a hostile header can make it any length.
std::string shown(std::string_view text) {
  constexpr size_t kMax = 64;
  return text.size() <= kMax ? std::string(text)
                             : std::string(text.substr(0, kMax)) + "...";
}

/// The extents in "(2, 3)", "(4,)" or "()"; nullopt if malformed.
std::optional<std::vector<int64_t>> parseShape(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return std::nullopt;
  std::vector<int64_t> shape;
  // Empty items are skipped: "(4,)" is one extent.
  for (std::string_view rest = text.substr(1, text.size() - 2);
       !rest.empty();) {
    size_t comma = std::min(rest.find(','), rest.size());
    std::string item(rest.substr(0, comma));
    rest.remove_prefix(std::min(comma + 1, rest.size()));
    if (item.find_first_not_of(' ') == std::string::npos)
      continue;
    errno = 0;
    char *end = nullptr;
    long long dim = std::strtoll(item.c_str(), &end, 10);
    if (errno == ERANGE || dim < 0 || end == item.c_str() ||
        std::string_view(end, item.data() + item.size() - end)
                .find_first_not_of(" L") != std::string_view::npos)
      return std::nullopt;
    shape.push_back(dim);
  }
  return shape;
}
} // namespace

Result<Tensor> npy::parse(const uint8_t *data, size_t size,
                          const std::string &name) {
  auto bad = [&](const std::string &what) {
    return Error{"'" + name + "' is not a valid .npy file: " + what};
  };
  if (size < kMagicSize + 2 || std::memcmp(data, kMagic, kMagicSize) != 0)
    return bad("bad magic number");
  unsigned major = data[6];
  if (major < 1 || major > 3)
    return bad("unsupported version " + std::to_string(major));
  // Version 1 has a 2-byte header length, versions 2 and 3 a 4-byte one.
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (size < 8 + lengthBytes)
    return bad("truncated header");
  size_t headerSize = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    headerSize |= static_cast<size_t>(data[8 + i]) << (8 * i);
  if (headerSize > size - 8 - lengthBytes)
    return bad("truncated header");
  size_t dataStart = 8 + lengthBytes + headerSize;
  std::string_view header(reinterpret_cast<const char *>(data) + 8 +
                              lengthBytes,
                          headerSize);

  std::optional<std::string_view> descr = field(header, "descr"),
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
    return bad("unsupported dtype " + shown(*descr) +
               " (dtc reads f2/f4/f8, i1/i2/i4/i8, u1, b1, little-endian)");
  std::optional<std::vector<int64_t>> shape = parseShape(*shapeText);
  if (!shape)
    return bad("malformed shape " + shown(*shapeText));

  // The byte size, overflow-safe, before anything is allocated: the product
  // of the non-zero extents must fit in int64 (so Tensor::numElements cannot
  // overflow even when an extent is 0), and the bytes must be the data's.
  uint64_t available = size - dataStart, elements = 1;
  bool empty = false;
  for (int64_t dim : *shape) {
    if (dim == 0) {
      empty = true;
      continue;
    }
    if (elements > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) /
                       static_cast<uint64_t>(dim))
      return bad("shape " + shown(*shapeText) + " has too many elements");
    elements *= static_cast<uint64_t>(dim);
  }
  uint64_t elementSize = dtypeSize(*dtype);
  uint64_t needed = empty ? 0
                    : elements > available / elementSize
                        ? available + 1 // more than there is
                        : elements * elementSize;
  if (needed != available)
    return bad("shape " + shown(*shapeText) + " does not match the " +
               std::to_string(available) + " bytes of data");

  // 64-byte alignment, as Tensor::allocate gives, suits every vector width
  // the compiled code may use. The size is bounded by the input's, so the
  // rounding cannot overflow.
  size_t bytes = (needed + 63) / 64 * 64;
  void *storage = std::aligned_alloc(64, bytes ? bytes : 64);
  if (!storage)
    return Error{"out of memory: " + std::to_string(needed) + " bytes for '" +
                 name + "'"};
  if (needed)
    std::memcpy(storage, data + dataStart, needed);
  return Tensor::adopt(storage, *dtype, std::move(*shape), std::free);
}

Result<Tensor> npy::read(const std::string &path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; whatever is not a
  // regular file is refused before a byte is read.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return Error{"cannot open '" + path + "': " + std::strerror(errno)};
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0)
    return Error{"cannot read '" + path + "': " + std::strerror(errno)};
  if (!S_ISREG(st.st_mode))
    return Error{"cannot read '" + path + "': " +
                 (S_ISDIR(st.st_mode) ? "Is a directory" : "Not a regular file")};
  size_t size = static_cast<size_t>(st.st_size);
  std::unique_ptr<uint8_t, void (*)(void *)> bytes(
      static_cast<uint8_t *>(std::malloc(size ? size : 1)), std::free);
  if (!bytes)
    return Error{"out of memory: " + std::to_string(size) + " bytes for '" +
                 path + "'"};
  for (size_t done = 0; done < size;) {
    ssize_t n = ::read(fd, bytes.get() + done, size - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return Error{"cannot read '" + path + "': " + std::strerror(errno)};
    if (n == 0)
      return Error{"cannot read '" + path + "': it shrank while being read"};
    done += static_cast<size_t>(n);
  }
  return parse(bytes.get(), size, path);
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
