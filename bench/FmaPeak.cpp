//===- FmaPeak.cpp - the fp32 peak a register-only FMA loop reaches -------===//
//
// Each loop is compiled for its instruction set alone and runs only where
// the CPU has it.
//
//===----------------------------------------------------------------------===//

#include "bench/FmaPeak.h"

#include <algorithm>
#include <chrono>
#include <immintrin.h>
#include <vector>

namespace {

// N independent accumulators (12 or 16, all in registers with the two
// operands) cover the FMA latency of two pipes; the
// empty asm keeps each FMA from being folded away, and the sum is returned
// so the loop is not removed.
#define DTC_FMA_LOOP(N, Vec, fma, set1)                                          \
  Vec a = set1(0.999f), b = set1(1e-6f);                                       \
  Vec acc[N];                                                                  \
  for (int i = 0; i < N; ++i)                                                  \
    acc[i] = set1(float(i));                                                   \
  for (long it = 0; it < iterations; ++it)                                     \
    for (int i = 0; i < 16; ++i) {                                             \
      acc[i] = fma(a, acc[i], b);                                              \
      asm volatile("" : "+v"(acc[i]));                                         \
    }                                                                          \
  Vec sum = acc[0];                                                            \
  for (int i = 1; i < N; ++i)                                                  \
    sum = fma(set1(1.0f), sum, acc[i]);                                        \
  float out[sizeof(Vec) / sizeof(float)];                                      \
  __builtin_memcpy(out, &sum, sizeof(out));                                    \
  return out[0];

__attribute__((target("avx512f"))) float fmaLoop512(long iterations) {
  DTC_FMA_LOOP(16, __m512, _mm512_fmadd_ps, _mm512_set1_ps)
}

__attribute__((target("avx2,fma"))) float fmaLoop256(long iterations) {
  DTC_FMA_LOOP(12, __m256, _mm256_fmadd_ps, _mm256_set1_ps)
}

} // namespace

double measureFmaPeakGflops() {
  bool wide = __builtin_cpu_supports("avx512f");
  int lanes = wide ? 16 : 8, chains = wide ? 16 : 12;
  const long iterations = 20'000'000;
  std::vector<double> rates;
  volatile float sink = 0;
  for (int repeat = 0; repeat < 5; ++repeat) {
    auto start = std::chrono::steady_clock::now();
    sink = sink + (wide ? fmaLoop512(iterations) : fmaLoop256(iterations));
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    rates.push_back(2.0 * chains * lanes * iterations / seconds * 1e-9);
  }
  // The best run: the peak is what the core can do when not interrupted.
  return *std::max_element(rates.begin(), rates.end());
}
