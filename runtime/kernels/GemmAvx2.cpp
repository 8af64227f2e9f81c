//===- GemmAvx2.cpp - the GEMM for AVX2 and FMA ---------------------------===//
//
// Compiled with -mavx2 -mfma; only called after a CPU check.
//
//===----------------------------------------------------------------------===//

#include <immintrin.h>

#include "runtime/kernels/Gemm.h"

#include <cstring>

namespace {
#include "runtime/kernels/GemmBlocked.h"

struct Avx2 {
  using Vec = __m256;
  static constexpr int kWidth = 8;
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec load(const float *p) { return _mm256_loadu_ps(p); }
  static Vec loadN(const float *p, int n) {
    return _mm256_maskload_ps(p, mask(n));
  }
  static void store(float *p, Vec v) { _mm256_storeu_ps(p, v); }
  static void storeN(float *p, Vec v, int n) {
    _mm256_maskstore_ps(p, mask(n), v);
  }
  static Vec broadcast(float x) { return _mm256_set1_ps(x); }
  static Vec fma(Vec a, Vec b, Vec acc) { return _mm256_fmadd_ps(a, b, acc); }
  static Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
};

// 6 x 16: 12 accumulators, 2 B vectors and a broadcast in 16 registers.
using Kernel = BlockedGemm<Avx2, 6, 2, 384, 192>;
} // namespace

const dtc::kernels::GemmKernel dtc::kernels::kGemmAvx2 = Kernel::kernel("avx2");
