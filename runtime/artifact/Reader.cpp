//===- Reader.cpp - reading and validating .dtb files ---------------------===//

#include "runtime/artifact/Reader.h"

#include "runtime/artifact/Format.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

using namespace dtc;
using namespace dtc::dtb;

size_t dtb::elementSize(DType dtype) {
  switch (dtype) {
  case F64:
  case I64:
    return 8;
  case F32:
  case I32:
    return 4;
  case F16:
  case BF16:
  case I16:
    return 2;
  case I8:
  case U8:
  case BOOL:
    return 1;
  default:
    return 0;
  }
}

std::string_view dtb::dtypeName(DType dtype) {
  switch (dtype) {
  case F32: return "f32";
  case F64: return "f64";
  case F16: return "f16";
  case BF16: return "bf16";
  case I64: return "i64";
  case I32: return "i32";
  case I16: return "i16";
  case I8: return "i8";
  case U8: return "ui8";
  case BOOL: return "i1";
  default: return "?";
  }
}

std::string dtb::typeString(const TensorType &type) {
  std::string text;
  for (int64_t dim : type.dims())
    text += (dim < 0 ? std::string("?") : std::to_string(dim)) + "x";
  return text + std::string(dtypeName(type.dtype()));
}

std::string dtb::entrySignature(const Artifact &artifact,
                                const EntryPoint &entry) {
  std::string text;
  auto list = [&](const char *kind, auto &&items, auto &&describe) {
    text += (text.empty() ? "" : ";") + std::string(kind) + ":";
    bool first = true;
    for (const auto &item : items) {
      text += (first ? "" : ",") + describe(item);
      first = false;
    }
  };
  list("in", entry.inputs(), [](const Value &v) { return typeString(v.type()); });
  list("param", entry.parameters(), [&](uint32_t i) {
    return typeString(artifact.parameters(i).type());
  });
  list("knob", entry.knobs(), [&](uint32_t i) {
    const Knob &knob = artifact.knobs(i);
    return (knob.vector() ? "v" : "") + std::string(dtypeName(knob.dtype()));
  });
  list("out", entry.outputs(), [](const Value &v) { return typeString(v.type()); });
  return text;
}

namespace {
/// Whether `text` is well-formed UTF-8 (Unicode's table 3-7: no overlong
/// forms, no surrogates, nothing past U+10FFFF).
bool isUtf8(const std::string &text) {
  const auto *p = reinterpret_cast<const unsigned char *>(text.data());
  const unsigned char *end = p + text.size();
  while (p < end) {
    unsigned char c = *p++;
    if (c < 0x80)
      continue;
    int more;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (end - p < more || *p < lo || *p > hi)
      return false;
    ++p;
    for (int i = 1; i < more; ++i, ++p)
      if (*p < 0x80 || *p > 0xBF)
        return false;
  }
  return true;
}

/// Every text of the metadata that the runtime prints or matches is UTF-8:
/// messages, --describe and --json show them (the schema stores them as
/// bytes, so the protobuf parser does not check).
Status checkTexts(const Artifact &artifact) {
  const char *bad = nullptr; // what the first malformed text is
  auto check = [&](const std::string &text, const char *what) {
    if (!bad && !isUtf8(text))
      bad = what;
  };
  for (const EntryPoint &entry : artifact.entry_points()) {
    check(entry.name(), "an entry point's name");
    check(entry.symbol(), "an entry point's symbol");
    for (const auto *values : {&entry.inputs(), &entry.outputs()})
      for (const Value &value : *values)
        check(value.name(), "an input's or output's name");
  }
  for (const Knob &knob : artifact.knobs())
    check(knob.name(), "a knob's name");
  for (const Parameter &param : artifact.parameters()) {
    check(param.name(), "a parameter's name");
    check(param.external().path(), "an external parameter's path");
    check(param.external().tensor(), "an external parameter's tensor name");
  }
  const HostCode &host = artifact.host();
  check(host.format(), "the host code's format");
  check(host.cpu(), "the host code's CPU");
  for (const std::string &feature : host.cpu_features())
    check(feature, "a CPU feature");
  for (const DeviceCode &code : artifact.device_code()) {
    check(code.format(), "a device code format");
    check(code.chip(), "a device chip");
  }
  for (const std::string &deviceCheck : artifact.device_checks())
    check(deviceCheck, "a device check");
  const Provenance &p = artifact.provenance();
  for (const std::string *text :
       {&p.dtc_version(), &p.pipeline(), &p.source_name(), &p.weights_name()})
    check(*text, "the provenance");
  for (const std::string &knob : p.fixed_knobs())
    check(knob, "a fixed knob");
  if (bad)
    return Error{std::string(bad) + " is not valid UTF-8"};
  return {};
}

/// Metadata above this size is rejected before parsing: real artifacts have
/// kilobytes of it (the bytes of code and weights live in sections).
constexpr uint64_t kMaxMetadataSize = 64u << 20;

class Validator {
public:
  explicit Validator(const ArtifactView &view) : view_(view) {}

  Status section(const Section &section, const std::string &what) {
    if (section.offset() % kSectionAlignment != 0)
      return Error{what + ": offset " + std::to_string(section.offset()) +
                   " is not 64-byte aligned (the artifact is corrupt)"};
    if (section.offset() > view_.payloadSize ||
        section.size() > view_.payloadSize - section.offset())
      return Error{"truncated artifact: " + what + " ends at payload byte " +
                   std::to_string(section.offset() + section.size()) +
                   " but the payload has " +
                   std::to_string(view_.payloadSize) + " bytes"};
    if (hash(view_.data(section), section.size()) != section.xxh3())
      return Error{what + ": checksum mismatch (the artifact is corrupt)"};
    return {};
  }

  Status type(const TensorType &type, const std::string &what,
              bool allowDynamic) {
    if (elementSize(type.dtype()) == 0)
      return Error{what + ": unknown element type " +
                   std::to_string(type.dtype())};
    for (int64_t dim : type.dims())
      if (dim < (allowDynamic ? -1 : 0))
        return Error{what + ": invalid dimension " + std::to_string(dim)};
    return {};
  }

  Status host(const HostCode &host) {
    if (host.format() != kElfX86_64Shared)
      return Error{"unsupported host code format '" + host.format() +
                       "' (this runtime runs " + kElfX86_64Shared + ")",
                   ErrorCode::Unsupported};
    if (!host.has_object())
      return Error{"the artifact has no host code"};
    if (Status s = section(host.object(), "host code"); !s)
      return s;
    static const unsigned char elf[4] = {0x7f, 'E', 'L', 'F'};
    if (host.object().size() < 4 ||
        std::memcmp(view_.data(host.object()), elf, 4) != 0)
      return Error{"host code: not an ELF object"};
    return {};
  }

  Status device(const DeviceCode &code) {
    std::string what = "device code for " + code.chip();
    if (code.format() != kPtx)
      return Error{"unsupported device code format '" + code.format() +
                       "' (this runtime loads " + kPtx + ")",
                   ErrorCode::Unsupported};
    if (code.chip().size() < 4 || code.chip().compare(0, 3, "sm_") != 0 ||
        code.chip().find_first_not_of("0123456789", 3) != std::string::npos)
      return Error{"device code: invalid chip name '" + code.chip() + "'"};
    if (!names_.insert("chip " + code.chip()).second)
      return Error{what + " appears twice"};
    if (Status s = section(code.code(), what); !s)
      return s;
    // The driver reads PTX as a C string.
    if (std::memchr(view_.data(code.code()), 0, code.code().size()))
      return Error{what + ": the PTX text contains a NUL byte (the artifact "
                          "is corrupt)"};
    return {};
  }

  Status knob(const Knob &knob) {
    std::string what = "knob '" + knob.name() + "'";
    if (knob.name().empty())
      return Error{"a knob has no name"};
    if (!names_.insert("knob " + knob.name()).second)
      return Error{what + " is declared twice"};
    DType t = knob.dtype();
    if (t != F32 && t != F64 && t != I64 && t != I32)
      return Error{what + ": unsupported type " + std::string(dtypeName(t))};
    double v = knob.default_value();
    if (!std::isfinite(v) || (knob.has_min() && v < knob.min()) ||
        (knob.has_max() && v > knob.max()))
      return Error{what + ": default outside its range"};
    return {};
  }

  Status parameter(const Parameter &param) {
    std::string what = "parameter '" + param.name() + "'";
    if (param.name().empty())
      return Error{"a parameter has no name"};
    if (!names_.insert("param " + param.name()).second)
      return Error{what + " is declared twice"};
    if (Status s = type(param.type(), what, /*allowDynamic=*/false); !s)
      return s;
    uint64_t bytes = elementSize(param.type().dtype());
    for (int64_t dim : param.type().dims()) {
      if (dim != 0 && bytes > std::numeric_limits<uint64_t>::max() / dim)
        return Error{what + ": size overflows"};
      bytes *= dim;
    }
    for (int i = 0; i < param.gemm_operands_size(); ++i)
      if (Status s = gemmOperand(param.gemm_operands(i),
                                 bytes / elementSize(param.type().dtype()),
                                 param.type().dtype(),
                                 what + ": GEMM operand #" + std::to_string(i));
          !s)
        return s;
    switch (param.storage_case()) {
    case Parameter::kInlineData:
      if (param.inline_data().size() != bytes)
        return Error{what + ": holds " +
                     std::to_string(param.inline_data().size()) +
                     " bytes, its type " + typeString(param.type()) +
                     " needs " + std::to_string(bytes)};
      return section(param.inline_data(), what);
    case Parameter::kExternal:
      if (param.external().path().empty() || param.external().tensor().empty())
        return Error{what + ": external storage without a file or tensor name"};
      return {};
    default:
      return Error{what + ": has no data"};
    }
  }

  /// A matrix the runtime packs from a parameter of `elements` elements
  /// must lie inside it.
  static Status gemmOperand(const GemmOperand &operand, uint64_t elements,
                            DType dtype, const std::string &what) {
    if (dtype != F32)
      return Error{what + ": the parameter is not f32"};
    if (operand.k() < 1 || operand.n() < 1 || operand.row_stride() < 0 ||
        operand.col_stride() < 0)
      return Error{what + ": invalid shape or strides"};
    // The runtime packs k x n floats: no more than the parameter holds, or
    // overlapping strides could ask for any amount of memory.
    if ((unsigned __int128)operand.k() * (uint64_t)operand.n() > elements)
      return Error{what + ": a " + std::to_string(operand.k()) + " x " +
                   std::to_string(operand.n()) +
                   " matrix has more elements than the parameter's " +
                   std::to_string(elements)};
    // The last element, in 128 bits: no product of int64s overflows.
    unsigned __int128 last =
        (unsigned __int128)(operand.k() - 1) * operand.row_stride() +
        (unsigned __int128)(operand.n() - 1) * operand.col_stride();
    for (int64_t offset : operand.offsets())
      if (offset < 0 || (unsigned __int128)offset + last >= elements)
        return Error{what + ": the matrix at offset " +
                     std::to_string(offset) +
                     " reads past the parameter's " +
                     std::to_string(elements) + " elements"};
    return {};
  }

  Status entry(const EntryPoint &entry, const Artifact &artifact) {
    std::string what = "entry point '" + entry.name() + "'";
    if (entry.name().empty() || entry.symbol().empty())
      return Error{"an entry point has no name or symbol"};
    if (!names_.insert("entry " + entry.name()).second)
      return Error{what + " is declared twice"};
    if (entry.outputs_size() == 0)
      return Error{what + ": has no outputs"};
    for (const auto *values : {&entry.inputs(), &entry.outputs()})
      for (const Value &value : *values)
        if (Status s = type(value.type(), what + ", value '" + value.name() + "'",
                            /*allowDynamic=*/true);
            !s)
          return s;
    for (uint32_t index : entry.parameters())
      if (index >= static_cast<uint32_t>(artifact.parameters_size()))
        return Error{what + ": parameter index " + std::to_string(index) +
                     " out of range"};
    for (uint32_t index : entry.knobs())
      if (index >= static_cast<uint32_t>(artifact.knobs_size()))
        return Error{what + ": knob index " + std::to_string(index) +
                     " out of range"};
    return {};
  }

private:
  const ArtifactView &view_;
  std::set<std::string> names_;
};
} // namespace

namespace {
Result<ArtifactView> readArtifact(const uint8_t *data, size_t size) {
  if (size < kHeaderSize)
    return Error{"not a .dtb artifact: " + std::to_string(size) +
                 " bytes is shorter than the header"};
  Header header;
  std::memcpy(&header, data, sizeof(header));
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0)
    return Error{"not a .dtb artifact (bad magic number)"};
  if (header.formatVersion != kFormatVersion)
    return Error{"unsupported .dtb format version " +
                     std::to_string(header.formatVersion) +
                     " (this runtime reads version " +
                     std::to_string(kFormatVersion) + ")",
                 ErrorCode::Unsupported};
  if (header.reserved != 0)
    return Error{"corrupt artifact: the header's reserved field is " +
                 std::to_string(header.reserved) + ", not 0"};
  if (header.metadataSize > size - kHeaderSize)
    return Error{"truncated artifact: the metadata needs " +
                 std::to_string(header.metadataSize) + " bytes, " +
                 std::to_string(size - kHeaderSize) +
                 " follow the header"};
  if (header.metadataSize > kMaxMetadataSize)
    return Error{"corrupt artifact: metadata of " +
                 std::to_string(header.metadataSize) + " bytes"};
  const uint8_t *metadata = data + kHeaderSize;
  if (hash(metadata, header.metadataSize) != header.metadataXxh3)
    return Error{"metadata: checksum mismatch (the artifact is corrupt)"};

  ArtifactView view;
  if (!view.metadata.ParseFromArray(metadata,
                                    static_cast<int>(header.metadataSize)))
    return Error{"metadata: not a valid dtc.dtb.Artifact message"};
  uint64_t payload = alignTo(kHeaderSize + header.metadataSize,
                             kSectionAlignment);
  view.payload = data + std::min<uint64_t>(payload, size);
  view.payloadSize = payload < size ? size - payload : 0;

  const Artifact &artifact = view.metadata;
  if (Status s = checkTexts(artifact); !s)
    return s.failure();
  Validator validate(view);
  if (Status s = validate.host(artifact.host()); !s)
    return s.failure();
  for (const DeviceCode &code : artifact.device_code())
    if (Status s = validate.device(code); !s)
      return s.failure();
  for (const Knob &knob : artifact.knobs())
    if (Status s = validate.knob(knob); !s)
      return s.failure();
  for (const Parameter &param : artifact.parameters())
    if (Status s = validate.parameter(param); !s)
      return s.failure();
  if (artifact.entry_points_size() == 0)
    return Error{"the artifact has no entry points"};
  for (const EntryPoint &entry : artifact.entry_points())
    if (Status s = validate.entry(entry, artifact); !s)
      return s.failure();
  return view;
}
} // namespace

Result<ArtifactView> dtb::read(const uint8_t *data, size_t size) {
  Result<ArtifactView> view = readArtifact(data, size);
  // What is not marked unsupported is damage.
  if (!view && view.code() != ErrorCode::Unsupported)
    return Error{view.error(), ErrorCode::CorruptArtifact};
  return view;
}
