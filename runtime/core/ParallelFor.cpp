//===- ParallelFor.cpp - dtc_rt_parallel_for: generated loops on the pool -===//
//
// Compiled code hands the runtime its parallel loops as (task, context,
// iterations, cost); the runtime alone decides how many of the session's
// threads to wake, so that the one pool is never oversubscribed.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/ThreadPool.h"
#include "runtime/kernels/KernelAbi.h"

#include <algorithm>

extern "C" void dtc_rt_parallel_for(void (*task)(void *, int64_t, int64_t),
                                    void *context, int64_t iterations,
                                    int64_t cost) {
  if (iterations <= 0)
    return;
  // Operations of generated code below which waking a worker (tens of
  // microseconds on this class of machine) costs more than it saves; of
  // 2^12..2^18 and never, 2^18 ran dense ViT-S fastest on two threads.
  constexpr double kMinCostPerThread = 1 << 18;
  dtc::detail::ThreadPool *pool = dtc::detail::currentPool();
  double work = double(iterations) * double(std::max<int64_t>(cost, 1));
  int64_t threads = pool ? pool->size() : 1;
  threads = std::min<int64_t>(
      {threads, iterations, int64_t(work / kMinCostPerThread)});
  if (threads <= 1) {
    task(context, 0, iterations);
    return;
  }
  // Contiguous, nearly equal ranges: neighbouring iterations share cache
  // lines of their outputs.
  pool->parallelFor(int(threads), [&](int t) {
    int64_t begin = iterations * t / threads,
            end = iterations * (t + 1) / threads;
    if (begin < end)
      task(context, begin, end);
  });
}
