//===- Format.cpp - the byte layout of a .dtb file ------------------------===//

#include "runtime/artifact/Format.h"

// Header-only: the runtime gains no shared-library dependency for a hash.
#define XXH_INLINE_ALL
#include <xxhash.h>

uint64_t dtc::dtb::hash(const void *data, size_t size) {
  return XXH3_64bits(data, size);
}
