//===- NpyFuzzer.cpp - libFuzzer target: dtc-run's .npy reader ------------===//
//
// npy::parse must turn any bytes into a tensor or an error, and a tensor it
// returns must hold exactly the bytes its shape and dtype say.
//
//===----------------------------------------------------------------------===//

#include "runtime/tools/dtc-run/Npy.h"

#include <cstdint>
#include <cstring>

using namespace dtc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Result<Tensor> tensor = npy::parse(data, size, "fuzz.npy");
  if (!tensor)
    return 0;
  size_t bytes = tensor->byteSize();
  // The data is the input's tail, copied.
  if (bytes > size ||
      (bytes && std::memcmp(tensor->data(), data + size - bytes, bytes) != 0))
    __builtin_trap();
  return 0;
}
