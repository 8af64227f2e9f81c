//===- SafeTensorsFuzzer.cpp - libFuzzer target: the .safetensors reader --===//
//
// safetensors::File::parse must turn any bytes into a File or an error, and
// every tensor of a File it accepts must lie inside the bytes.
//
//===----------------------------------------------------------------------===//

#include "runtime/safetensors/SafeTensors.h"

#include <cstdint>

using namespace dtc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Result<safetensors::File> file = safetensors::File::parse(data, size);
  if (!file)
    return 0;
  uint64_t sum = 0;
  for (const safetensors::Tensor &tensor : file->tensors()) {
    // The first and last byte of each tensor: ASan checks they are inside.
    const uint8_t *bytes = file->data(tensor);
    if (tensor.size)
      sum += bytes[0] + bytes[tensor.size - 1];
    sum += static_cast<uint64_t>(tensor.numElements()) *
           safetensors::dtypeSize(tensor.dtype);
    if (file->find(tensor.name) != &tensor)
      __builtin_trap(); // names are unique, so find() gives this tensor
  }
  for (const auto &[key, value] : file->metadata())
    sum += key.size() + value.size();
  volatile uint64_t sink = sum;
  (void)sink;
  return 0;
}
