//===- GemmGeneric.cpp - the portable GEMM --------------------------------===//
//
// Scalar "vectors" of width 1 through the same blocked code, for CPUs
// without AVX2; the compiler vectorises what it can for the baseline ISA.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/Gemm.h"

#include <cstring>

namespace {
#include "runtime/kernels/GemmBlocked.h"

struct Scalar {
  using Vec = float;
  static constexpr int kWidth = 1;
  static Vec zero() { return 0.0f; }
  static Vec load(const float *p) { return *p; }
  static Vec loadN(const float *p, int) { return *p; }
  static void store(float *p, Vec v) { *p = v; }
  static void storeN(float *p, Vec v, int) { *p = v; }
  static Vec broadcast(float x) { return x; }
  static Vec fma(Vec a, Vec b, Vec acc) { return acc + a * b; }
  static Vec add(Vec a, Vec b) { return a + b; }
};

using Kernel = BlockedGemm<Scalar, 4, 8, 256, 128>;
} // namespace

const dtc::kernels::GemmKernel dtc::kernels::kGemmGeneric =
    Kernel::kernel("generic");
