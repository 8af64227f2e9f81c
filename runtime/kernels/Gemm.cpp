//===- Gemm.cpp - dtc_rt_sgemm: dispatch and the packed-B cache -----------===//
//
// The best GEMM this CPU runs is chosen once. B operands the compiled code
// marks constant (parameters) are packed when the model loads (the artifact
// lists them) or else on first use, and the packed copy is kept until the
// model that owns the memory unloads (dtc_rt_forget_constants), so calls
// pack only A.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Failure.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/kernels/Gemm.h"
#include "runtime/kernels/KernelAbi.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <tuple>

using namespace dtc::kernels;

namespace {

constexpr const char *kGemmFlopsCounter =
    "matrix-product FLOPs (dtc_rt_sgemm)";
/// Nonzero when the artifact did not list a constant operand (or the model
/// was not loaded by the runtime), so a run paid for packing it.
constexpr const char *kLatePackingCounter =
    "constant matrix operands packed during the run";

/// Packed operands start on a cache line, so no vector load splits one.
struct AlignedDelete {
  void operator()(float *p) const { ::operator delete[](p, std::align_val_t(64)); }
};
using AlignedFloats = std::unique_ptr<float[], AlignedDelete>;
/// Null when the memory cannot be had: callers turn that into an error value
/// (nothing may throw through compiled code).
AlignedFloats allocateAligned(size_t n) {
  if (n > SIZE_MAX / sizeof(float))
    return nullptr;
  return AlignedFloats(static_cast<float *>(::operator new[](
      n * sizeof(float), std::align_val_t(64), std::nothrow)));
}

constexpr const char *kPackingWhat = "packing a matrix-product operand";

const GemmKernel &selectKernel() {
  static const GemmKernel &kernel = []() -> const GemmKernel & {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
      return kGemmAvx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      return kGemmAvx2;
    return kGemmGeneric;
  }();
  return kernel;
}

/// Per-thread buffers that only grow, so steady-state calls neither allocate
/// nor fault pages in.
struct Scratch {
  AlignedFloats data;
  size_t size = 0;
  /// Null when a larger buffer cannot be had (the old one is kept).
  float *get(size_t n) {
    if (n > size || !data) {
      // Never null when it succeeds, even for nothing (K = 0).
      AlignedFloats larger = allocateAligned(std::max<size_t>(n, 1));
      if (!larger)
        return nullptr;
      data = std::move(larger);
      size = n;
    }
    return data.get();
  }
};
thread_local Scratch packScratch, packedBScratch;

/// Packed copies of constant B operands, by where B lives and how it is read.
class PackedConstants {
public:
  using Key = std::tuple<const float *, int64_t, int64_t, int64_t, int64_t,
                         const GemmKernel *>;

  /// The packed copy of `b`, packed now if it is not cached; `packedNow`
  /// says whether it was. Null when the copy's memory cannot be had.
  const float *get(const GemmKernel &kernel, int64_t k, int64_t n,
                   MatrixRef b, bool &packedNow) {
    Key key{b.data, k, n, b.rowStride, b.colStride, &kernel};
    packedNow = false;
    {
      std::shared_lock<std::shared_mutex> lock(mutex);
      if (auto it = packed.find(key); it != packed.end())
        return it->second.get();
    }
    packedNow = true;
    AlignedFloats copy =
        allocateAligned(std::max<size_t>(kernel.packedBSize(k, n), 1));
    if (!copy)
      return nullptr;
    kernel.packB(k, n, b, copy.get());
    std::unique_lock<std::shared_mutex> lock(mutex);
    // Another thread may have packed it meanwhile; keep the first copy.
    return packed.try_emplace(key, std::move(copy)).first->second.get();
  }

  void forget(const void *begin, const void *end) {
    std::unique_lock<std::shared_mutex> lock(mutex);
    auto first = packed.lower_bound(
        Key{static_cast<const float *>(begin), INT64_MIN, INT64_MIN,
            INT64_MIN, INT64_MIN, nullptr});
    auto last = first;
    while (last != packed.end() &&
           static_cast<const void *>(std::get<0>(last->first)) < end)
      ++last;
    packed.erase(first, last);
  }

private:
  std::shared_mutex mutex;
  std::map<Key, AlignedFloats> packed;
};

/// Runs `p` on the threads of the calling session's pool, each computing a
/// block of C: whole microkernel rows when there are enough of them, else
/// whole column panels. Every element of C is summed in the same order
/// whatever the split, so results do not depend on the thread count.
void runOnPool(const GemmKernel &kernel, const GemmProblem &p,
               const float *packedB) {
  dtc::detail::ThreadPool *pool = dtc::detail::currentPool();
  // Below this much work per thread, waking a worker costs more than it
  // saves.
  constexpr double kMinFlopsPerThread = 2e6;
  double flops = 2.0 * double(p.m) * double(p.n) * double(p.k);
  int threads = pool ? pool->size() : 1;
  threads = int(std::min<double>(threads, flops / kMinFlopsPerThread));
  int64_t rowTiles = (p.m + kernel.mr - 1) / kernel.mr,
          colPanels = (p.n + kernel.nr - 1) / kernel.nr;
  bool byRows = rowTiles >= 2 * threads || rowTiles >= colPanels;
  int64_t units = byRows ? rowTiles : colPanels;
  threads = int(std::min<int64_t>(threads, units));
  size_t scratch = kernel.scratchSize(p.k);
  if (threads <= 1) {
    float *buffer = packScratch.get(scratch);
    if (!buffer)
      return dtc::detail::failOutOfMemory(scratch * sizeof(float), kPackingWhat);
    kernel.run(p, packedB, buffer);
    return;
  }
  int64_t unitsPerThread = (units + threads - 1) / threads;
  // A worker cannot fail the run (only the caller's thread is guarded): it
  // leaves its part and the caller fails after the join.
  std::atomic<bool> outOfMemory{false};
  pool->parallelFor(threads, [&](int t) {
    GemmProblem part = p;
    const float *partB = packedB;
    if (byRows) {
      int64_t begin = t * unitsPerThread * kernel.mr;
      part.m = std::min(p.m, begin + unitsPerThread * kernel.mr) - begin;
      part.a.data += begin * p.a.rowStride;
      part.c += begin * p.rowStrideC;
      part.row0 += begin;
    } else {
      int64_t begin = t * unitsPerThread * kernel.nr;
      part.n = std::min(p.n, begin + unitsPerThread * kernel.nr) - begin;
      partB += begin * p.k;
      part.c += begin * p.colStrideC;
      part.col0 += begin;
    }
    if (part.m <= 0 || part.n <= 0)
      return;
    float *buffer = packScratch.get(scratch);
    if (!buffer) {
      outOfMemory = true;
      return;
    }
    kernel.run(part, partB, buffer);
  });
  if (outOfMemory)
    dtc::detail::failOutOfMemory(scratch * sizeof(float), kPackingWhat);
}

PackedConstants &packedConstants() {
  static PackedConstants *cache = new PackedConstants; // never destroyed:
  return *cache; // models may unload during static destruction.
}

} // namespace

extern "C" void dtc_rt_sgemm(int64_t M, int64_t N, int64_t K, const float *A,
                             int64_t rowStrideA, int64_t colStrideA,
                             const float *B, int64_t rowStrideB,
                             int64_t colStrideB, float *C, int64_t rowStrideC,
                             int64_t colStrideC, int64_t flags,
                             dtc_rt_epilogue epilogue, void *epilogueContext) {
  if (M <= 0 || N <= 0 || K < 0)
    return;
  const GemmKernel &kernel = selectKernel();
  MatrixRef b{B, rowStrideB, colStrideB};
  const float *packedB;
  if (flags & DTC_RT_GEMM_CONSTANT_B) {
    bool packedNow;
    packedB = packedConstants().get(kernel, K, N, b, packedNow);
    if (!packedB)
      return dtc::detail::failOutOfMemory(
          kernel.packedBSize(K, N) * sizeof(float), kPackingWhat);
    if (packedNow)
      dtc_rt_count(kLatePackingCounter, 0, 1);
  } else {
    float *buffer = packedBScratch.get(kernel.packedBSize(K, N));
    if (!buffer)
      return dtc::detail::failOutOfMemory(
          kernel.packedBSize(K, N) * sizeof(float), kPackingWhat);
    kernel.packB(K, N, b, buffer);
    packedB = buffer;
  }
  GemmProblem problem{M, N, K, {A, rowStrideA, colStrideA}, b,
                      C, rowStrideC, colStrideC,
                      (flags & DTC_RT_GEMM_ACCUMULATE) != 0,
                      epilogue, epilogueContext};
  runOnPool(kernel, problem, packedB);
  // The FLOPs of the matrix products a run executed, for its statistics.
  dtc_rt_count(kGemmFlopsCounter, 0, 2 * M * N * K);
}

bool dtc::kernels::packConstantB(int64_t k, int64_t n, MatrixRef b) {
  bool packedNow;
  return packedConstants().get(selectKernel(), k, n, b, packedNow) != nullptr;
}

extern "C" void dtc_rt_forget_constants(const void *begin, const void *end) {
  packedConstants().forget(begin, end);
}
