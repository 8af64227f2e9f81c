//===- ThreadPoolTest.cpp - the runtime's pool and threaded GEMM ----------===//

#include "runtime/core/ThreadPool.h"
#include "runtime/kernels/KernelAbi.h"

#include "dtc/Runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <random>
#include <vector>

using namespace dtc;
using namespace dtc::detail;

namespace {

TEST(ThreadPool, RunsEveryTaskOnceAcrossManyJobs) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3);
  for (int job = 0; job < 200; ++job) {
    int count = job % 7 + 1;
    std::vector<std::atomic<int>> runs(count);
    pool.parallelFor(count, [&](int i) { runs[i].fetch_add(1); });
    for (int i = 0; i < count; ++i)
      ASSERT_EQ(runs[i].load(), 1) << "job " << job << " task " << i;
  }
}

TEST(ThreadPool, ConcurrentCallersEachFinishTheirTasks) {
  ThreadPool pool(2);
  std::atomic<int> total{0};
  auto caller = [&] {
    for (int job = 0; job < 100; ++job)
      pool.parallelFor(4, [&](int) { total.fetch_add(1); });
  };
  std::thread other(caller);
  caller();
  other.join();
  EXPECT_EQ(total.load(), 2 * 100 * 4);
}

TEST(ThreadPool, CurrentPoolIsScoped) {
  ThreadPool pool(2);
  EXPECT_EQ(currentPool(), nullptr);
  {
    ScopedCurrentPool scope(&pool);
    EXPECT_EQ(currentPool(), &pool);
  }
  EXPECT_EQ(currentPool(), nullptr);
}

/// What dtc_rt_parallel_for's tasks did: how often each iteration ran, and
/// on how many distinct threads.
struct ParallelForRecord {
  std::vector<std::atomic<int>> runs;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  explicit ParallelForRecord(int64_t n) : runs(n) {}
  static void task(void *context, int64_t begin, int64_t end) {
    auto *record = static_cast<ParallelForRecord *>(context);
    for (int64_t i = begin; i < end; ++i)
      record->runs[i].fetch_add(1);
    std::lock_guard<std::mutex> lock(record->mutex);
    record->threads.insert(std::this_thread::get_id());
  }
};

TEST(ThreadPool, ParallelForCoversEveryIterationOnce) {
  ThreadPool pool(3);
  ScopedCurrentPool scope(&pool);
  for (int64_t n : {1, 2, 3, 7, 1000}) {
    ParallelForRecord record(n);
    // Enough work per iteration to use every thread the range allows.
    dtc_rt_parallel_for(&ParallelForRecord::task, &record, n, 1 << 20);
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(record.runs[i].load(), 1) << "iteration " << i << " of " << n;
    EXPECT_LE(record.threads.size(), size_t(std::min<int64_t>(n, 3)));
  }
}

TEST(ThreadPool, ParallelForKeepsSmallWorkOnTheCaller) {
  ThreadPool pool(3);
  ScopedCurrentPool scope(&pool);
  ParallelForRecord small(100);
  dtc_rt_parallel_for(&ParallelForRecord::task, &small, 100, 10);
  EXPECT_EQ(small.threads, std::set{std::this_thread::get_id()});
  // Outside a session (no pool), and for an empty range.
  ScopedCurrentPool none(nullptr);
  ParallelForRecord big(100);
  dtc_rt_parallel_for(&ParallelForRecord::task, &big, 100, 1 << 20);
  EXPECT_EQ(big.threads, std::set{std::this_thread::get_id()});
  dtc_rt_parallel_for(&ParallelForRecord::task, &big, 0, 1 << 20);
  EXPECT_EQ(big.runs[0].load(), 1);
}

/// C from dtc_rt_sgemm on fixed random A [m, k] and B [k, n], with
/// `threads` in the calling thread's pool, and `epilogue` if given.
std::vector<float> gemmOnThreads(int threads, int64_t m, int64_t n, int64_t k,
                                 dtc_rt_epilogue epilogue = nullptr,
                                 void *context = nullptr,
                                 std::vector<float> *out = nullptr) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> a(m * k), b(k * n), local(m * n);
  std::vector<float> &c = out ? *out : local;
  for (float &x : a)
    x = uniform(rng);
  for (float &x : b)
    x = uniform(rng);
  ThreadPool pool(threads);
  ScopedCurrentPool scope(&pool);
  dtc_rt_sgemm(m, n, k, a.data(), k, 1, b.data(), n, 1, c.data(), n, 1, 0,
               epilogue, context);
  return c;
}

TEST(ThreadPool, GemmSplitsGiveIdenticalResults) {
  // Split by rows (many rows), and by column panels (few rows).
  for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{197, 96, 384},
                         {3, 1000, 700}}) {
    std::vector<float> one = gemmOnThreads(1, m, n, k);
    for (int threads : {2, 3, 5})
      EXPECT_EQ(gemmOnThreads(threads, m, n, k), one)
          << m << "x" << n << "x" << k << " on " << threads << " threads";
  }
}

/// What an epilogue saw: each element's value when it ran, and how often it
/// ran on it; it then makes the element 2c + 1.
struct EpilogueRecord {
  float *c;
  int64_t n;
  std::vector<float> seen;
  std::vector<std::atomic<int>> visits;
  EpilogueRecord(float *c, int64_t m, int64_t n)
      : c(c), n(n), seen(m * n), visits(m * n) {}
  static void run(void *context, int64_t row, int64_t col, int64_t rows,
                  int64_t cols) {
    auto *self = static_cast<EpilogueRecord *>(context);
    for (int64_t i = row; i < row + rows; ++i)
      for (int64_t j = col; j < col + cols; ++j) {
        float &x = self->c[i * self->n + j];
        self->seen[i * self->n + j] = x;
        self->visits[i * self->n + j]++;
        x = 2 * x + 1;
      }
  }
};

TEST(ThreadPool, GemmEpilogueSeesEachFinalElementOnce) {
  // Row and column splits, several K blocks, and an empty reduction.
  for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{197, 96, 1000},
                         {3, 1000, 70},
                         {5, 7, 0}}) {
    std::vector<float> plain = gemmOnThreads(1, m, n, k);
    for (int threads : {1, 2, 3}) {
      std::vector<float> c(m * n);
      EpilogueRecord record(c.data(), m, n);
      gemmOnThreads(threads, m, n, k, &EpilogueRecord::run, &record, &c);
      for (int64_t i = 0; i < m * n; ++i) {
        ASSERT_EQ(record.visits[i].load(), 1) << "element " << i;
        ASSERT_EQ(record.seen[i], plain[i]) << "element " << i;
        ASSERT_EQ(c[i], 2 * plain[i] + 1) << "element " << i;
      }
    }
  }
}

TEST(Runtime, ThreadCountIsChecked) {
  RuntimeOptions options;
  options.threads = -1;
  Result<Runtime> bad = Runtime::create(options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(),
            "thread count -1 is out of range: use 0 (one per CPU) to 1024");
  options.threads = 3;
  Result<Runtime> good = Runtime::create(options);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->threads(), 3);
  EXPECT_GE(Runtime().threads(), 1);
}

} // namespace
