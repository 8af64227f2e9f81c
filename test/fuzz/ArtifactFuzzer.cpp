//===- ArtifactFuzzer.cpp - libFuzzer target: the .dtb reader -------------===//
//
// dtb::read must turn any bytes into an ArtifactView or an error, and a view
// it accepts must be safe to walk (every section it names in bounds).
//
// Mutated bytes almost never keep their checksums, so most inputs would stop
// at the first hash check. Each input is therefore read twice: as given, and
// with every checksum recomputed (the metadata re-encoded, its sections'
// XXH3s and the header's fixed up), which lets the fuzzer reach the checks
// of entry points, knobs and parameters behind them.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Format.h"
#include "runtime/artifact/Reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace dtc;
using namespace dtc::dtb;

namespace {
/// Reads every byte of a section, so that ASan sees any out-of-bounds one.
uint64_t touch(const ArtifactView &view, const Section &section) {
  return hash(view.data(section), section.size());
}

/// What `dtc-run --describe` shows, without loading the code.
void walk(const ArtifactView &view) {
  const Artifact &artifact = view.metadata;
  std::string text;
  for (const EntryPoint &entry : artifact.entry_points()) {
    text += entry.name() + entry.symbol();
    for (const Value &value : entry.inputs())
      text += value.name() + typeString(value.type());
    for (const Value &value : entry.outputs())
      text += value.name() + typeString(value.type());
    for (uint32_t knob : entry.knobs())
      text += artifact.knobs(static_cast<int>(knob)).name();
    for (uint32_t param : entry.parameters())
      text += artifact.parameters(static_cast<int>(param)).name();
  }
  uint64_t sum = touch(view, artifact.host().object());
  for (const Parameter &param : artifact.parameters()) {
    text += typeString(param.type());
    if (param.has_inline_data())
      sum += touch(view, param.inline_data());
  }
  for (const DeviceCode &code : artifact.device_code())
    sum += touch(view, code.code());
  // Keep the work from being optimised away.
  volatile uint64_t sink = sum + text.size();
  (void)sink;
}

/// The input with its checksums made to match, or empty if it has no
/// parseable metadata.
std::vector<uint8_t> withChecksums(const uint8_t *data, size_t size) {
  Header header;
  if (size < kHeaderSize)
    return {};
  std::memcpy(&header, data, sizeof(header));
  if (header.metadataSize > size - kHeaderSize)
    return {};
  Artifact metadata;
  if (!metadata.ParseFromArray(data + kHeaderSize,
                               static_cast<int>(header.metadataSize)))
    return {};
  uint64_t payloadStart =
      alignTo(kHeaderSize + header.metadataSize, kSectionAlignment);
  const uint8_t *payload = data + std::min<uint64_t>(payloadStart, size);
  uint64_t payloadSize = payloadStart < size ? size - payloadStart : 0;
  auto fix = [&](Section *section) {
    if (section->offset() <= payloadSize &&
        section->size() <= payloadSize - section->offset())
      section->set_xxh3(hash(payload + section->offset(), section->size()));
  };
  fix(metadata.mutable_host()->mutable_object());
  for (Parameter &param : *metadata.mutable_parameters())
    if (param.has_inline_data())
      fix(param.mutable_inline_data());
  for (DeviceCode &code : *metadata.mutable_device_code())
    fix(code.mutable_code());

  std::string encoded = metadata.SerializeAsString();
  header.metadataSize = encoded.size();
  header.metadataXxh3 = hash(encoded.data(), encoded.size());
  std::vector<uint8_t> fixed(
      alignTo(kHeaderSize + encoded.size(), kSectionAlignment) + payloadSize);
  std::memcpy(fixed.data(), &header, sizeof(header));
  std::memcpy(fixed.data() + kHeaderSize, encoded.data(), encoded.size());
  if (payloadSize)
    std::memcpy(fixed.data() + fixed.size() - payloadSize, payload,
                payloadSize);
  return fixed;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (Result<ArtifactView> view = read(data, size))
    walk(*view);
  std::vector<uint8_t> fixed = withChecksums(data, size);
  if (!fixed.empty())
    if (Result<ArtifactView> view = read(fixed.data(), fixed.size()))
      walk(*view);
  return 0;
}
