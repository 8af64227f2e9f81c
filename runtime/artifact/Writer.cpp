//===- Writer.cpp - writing .dtb files ------------------------------------===//

#include "runtime/artifact/Writer.h"

#include "runtime/artifact/Format.h"

#include <cstring>

using namespace dtc;
using namespace dtc::dtb;

Status dtb::write(Artifact &artifact, const std::vector<SectionData> &sections,
                  const Sink &sink) {
  uint64_t cursor = 0;
  for (const SectionData &data : sections) {
    cursor = alignTo(cursor, kSectionAlignment);
    data.section->set_offset(cursor);
    data.section->set_size(data.bytes.size());
    data.section->set_xxh3(hash(data.bytes.data(), data.bytes.size()));
    cursor += data.bytes.size();
  }
  std::string metadata;
  if (!artifact.SerializeToString(&metadata))
    return Error{"cannot serialise the artifact's metadata"};

  Header header;
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.formatVersion = kFormatVersion;
  header.reserved = 0;
  header.metadataSize = metadata.size();
  header.metadataXxh3 = hash(metadata.data(), metadata.size());

  static const char zeros[kSectionAlignment] = {};
  uint64_t written = 0;
  auto put = [&](std::string_view bytes) {
    written += bytes.size();
    return sink(bytes);
  };
  auto padTo = [&](uint64_t offset) {
    return put(std::string_view(zeros, offset - written));
  };
  bool ok = put(std::string_view(reinterpret_cast<const char *>(&header),
                                 sizeof(header))) &&
            put(metadata);
  uint64_t payload = alignTo(written, kSectionAlignment);
  ok = ok && padTo(payload);
  for (const SectionData &data : sections)
    ok = ok && padTo(payload + data.section->offset()) && put(data.bytes);
  if (!ok)
    return Error{"cannot write the artifact"};
  return {};
}
