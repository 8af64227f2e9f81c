//===- GemmAvx512.cpp - the GEMM for AVX-512 ------------------------------===//
//
// Compiled with -mavx512f -mfma; only called after a CPU check.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>

#include "runtime/kernels/Gemm.h"

#include <cstring>

namespace {
#include "runtime/kernels/GemmBlocked.h"

struct Avx512 {
  using Vec = __m512;
  static constexpr int kWidth = 16;
  static __mmask16 mask(int n) { return n >= 16 ? 0xffff : (1u << n) - 1; }
  static Vec zero() { return _mm512_setzero_ps(); }
  static Vec load(const float *p) { return _mm512_loadu_ps(p); }
  static Vec loadN(const float *p, int n) {
    return _mm512_maskz_loadu_ps(mask(n), p);
  }
  static void store(float *p, Vec v) { _mm512_storeu_ps(p, v); }
  static void storeN(float *p, Vec v, int n) {
    _mm512_mask_storeu_ps(p, mask(n), v);
  }
  static Vec broadcast(float x) { return _mm512_set1_ps(x); }
  static Vec fma(Vec a, Vec b, Vec acc) { return _mm512_fmadd_ps(a, b, acc); }
  static Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }
};

// 14 x 32: 28 accumulators, 2 B vectors and a broadcast in 32 registers.
using Kernel = BlockedGemm<Avx512, 14, 2, 256, 196>;
} // namespace

const dtc::kernels::GemmKernel dtc::kernels::kGemmAvx512 =
    Kernel::kernel("avx512");
