//===- GemmTest.cpp - the runtime's GEMM against a naive product ----------===//

#include "runtime/core/Statistics.h"
#include "runtime/kernels/Gemm.h"
#include "runtime/kernels/KernelAbi.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace dtc::kernels;

namespace {

struct Layout {
  bool transposeA, transposeB, transposeC;
};

/// Checks one kernel (or the dispatching entry point when `kernel` is null)
/// on an M x N x K problem with the given layouts, against a double-precision
/// product.
void checkGemm(const GemmKernel *kernel, int64_t m, int64_t n, int64_t k,
               Layout layout, bool accumulate, bool constantB) {
  std::mt19937 rng(unsigned(m * 131 + n * 7 + k));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> a(m * k), b(k * n), c(m * n), expected(m * n);
  for (float &x : a)
    x = uniform(rng);
  for (float &x : b)
    x = uniform(rng);
  for (float &x : c)
    x = uniform(rng);
  // Element strides of the logical A[m, k], B[k, n] and C[m, n].
  MatrixRef ar = layout.transposeA ? MatrixRef{a.data(), 1, m}
                                   : MatrixRef{a.data(), k, 1};
  MatrixRef br = layout.transposeB ? MatrixRef{b.data(), 1, k}
                                   : MatrixRef{b.data(), n, 1};
  int64_t rsC = layout.transposeC ? 1 : n, csC = layout.transposeC ? m : 1;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = accumulate ? c[i * rsC + j * csC] : 0.0;
      for (int64_t p = 0; p < k; ++p)
        sum += double(ar.at(i, p)) * double(br.at(p, j));
      expected[i * rsC + j * csC] = float(sum);
    }

  if (kernel) {
    std::vector<float> packed(kernel->packedBSize(k, n) + 1),
        scratch(kernel->scratchSize(k) + 1);
    kernel->packB(k, n, br, packed.data());
    kernel->run({m, n, k, ar, br, c.data(), rsC, csC, accumulate},
                packed.data(), scratch.data());
  } else {
    int64_t flags = (accumulate ? DTC_RT_GEMM_ACCUMULATE : 0) |
                    (constantB ? DTC_RT_GEMM_CONSTANT_B : 0);
    dtc_rt_sgemm(m, n, k, ar.data, ar.rowStride, ar.colStride, br.data,
                 br.rowStride, br.colStride, c.data(), rsC, csC, flags, nullptr,
                 nullptr);
    if (constantB)
      dtc_rt_forget_constants(b.data(), b.data() + b.size());
  }
  for (size_t i = 0; i < c.size(); ++i)
    ASSERT_NEAR(c[i], expected[i], 1e-5f * (1.0f + std::sqrt(float(k))))
        << "at " << i << " of " << m << "x" << n << "x" << k;
}

std::vector<const GemmKernel *> kernelsThisCpuRuns() {
  std::vector<const GemmKernel *> kernels{&kGemmGeneric};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    kernels.push_back(&kGemmAvx2);
  if (__builtin_cpu_supports("avx512f"))
    kernels.push_back(&kGemmAvx512);
  return kernels;
}

TEST(Gemm, OddSizesEveryKernel) {
  for (const GemmKernel *kernel : kernelsThisCpuRuns())
    for (int64_t m : {1, 3, 17, 197})
      for (int64_t n : {1, 3, 17, 33})
        for (int64_t k : {1, 3, 17, 400}) {
          SCOPED_TRACE(kernel->name);
          checkGemm(kernel, m, n, k, {false, false, false}, false, false);
        }
}

TEST(Gemm, LayoutsAndAccumulate) {
  for (const GemmKernel *kernel : kernelsThisCpuRuns())
    for (int layout = 0; layout < 8; ++layout)
      for (bool accumulate : {false, true}) {
        SCOPED_TRACE(kernel->name);
        checkGemm(kernel, 23, 41, 19,
                  {bool(layout & 1), bool(layout & 2), bool(layout & 4)},
                  accumulate, false);
      }
}

TEST(Gemm, EmptyReductionZeroesOrKeeps) {
  checkGemm(nullptr, 5, 7, 0, {false, false, false}, false, false);
  checkGemm(nullptr, 5, 7, 0, {false, false, false}, true, false);
}

TEST(Gemm, EntryPointWithConstantB) {
  // Larger than one block in every dimension.
  checkGemm(nullptr, 197, 100, 1000, {false, true, false}, false, true);
  checkGemm(nullptr, 64, 48, 384, {false, false, false}, true, true);
}

TEST(Gemm, ConstantBIsRepackedAfterForget) {
  // The same address with new contents, as after a model reloads there.
  std::vector<float> a(4 * 8, 1.0f), b(8 * 16, 1.0f), c(4 * 16);
  dtc_rt_sgemm(4, 16, 8, a.data(), 8, 1, b.data(), 16, 1, c.data(), 16, 1,
               DTC_RT_GEMM_CONSTANT_B, nullptr, nullptr);
  EXPECT_EQ(c[0], 8.0f);
  dtc_rt_forget_constants(b.data(), b.data() + b.size());
  std::fill(b.begin(), b.end(), 2.0f);
  dtc_rt_sgemm(4, 16, 8, a.data(), 8, 1, b.data(), 16, 1, c.data(), 16, 1,
               DTC_RT_GEMM_CONSTANT_B, nullptr, nullptr);
  EXPECT_EQ(c[0], 16.0f);
  dtc_rt_forget_constants(b.data(), b.data() + b.size());
}

/// How many constant operands the calls in `calls` packed, as the run's
/// statistics report it.
template <typename Calls> int64_t lateAfter(Calls calls) {
  dtc::detail::RunStatistics statistics;
  {
    dtc::detail::ScopedStatistics scope(&statistics);
    calls();
  }
  for (const dtc::Statistic &s : statistics.take())
    if (s.name == "constant matrix operands packed during the run")
      return s.values.at(0);
  return 0;
}

TEST(Gemm, ConstantBPackedAtLoadIsNotPackedByRuns) {
  std::vector<float> a(4 * 16, 1.0f), b(8 * 16, 1.0f), c(4 * 16);
  auto call = [&] {
    dtc_rt_sgemm(4, 16, 8, a.data(), 8, 1, b.data(), 16, 1, c.data(), 16, 1,
                 DTC_RT_GEMM_CONSTANT_B, nullptr, nullptr);
  };
  // Unknown to the runtime: the first run packs it, the next one does not.
  EXPECT_EQ(lateAfter(call), 1);
  EXPECT_EQ(lateAfter(call), 0);
  dtc_rt_forget_constants(b.data(), b.data() + b.size());
  // Packed as a model load does: no run packs it, and results agree.
  packConstantB(8, 16, {b.data(), 16, 1});
  EXPECT_EQ(lateAfter(call), 0);
  EXPECT_EQ(c[0], 8.0f);
  // Another layout of the same memory is another operand.
  EXPECT_EQ(lateAfter([&] {
              dtc_rt_sgemm(4, 8, 16, a.data(), 16, 1, b.data(), 1, 16,
                           c.data(), 16, 1, DTC_RT_GEMM_CONSTANT_B, nullptr,
                           nullptr);
            }),
            1);
  dtc_rt_forget_constants(b.data(), b.data() + b.size());
}

} // namespace
