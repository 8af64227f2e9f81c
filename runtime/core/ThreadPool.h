//===- ThreadPool.h - the runtime's one pool of worker threads --*- C++ -*-===//
//
// Exactly one pool per Runtime (two pools, or OpenMP beside one, oversubscribe
// the cores, measured: docs/building.md). Idle workers block; they never spin. Kernels find
// the pool of the session that called them through CurrentPool, since
// compiled code calls them without a context argument.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_THREADPOOL_H
#define RUNTIME_CORE_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dtc::detail {

class ThreadPool {
public:
  /// A pool of `threads` in all: the caller of parallelFor and
  /// `threads - 1` workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int size() const { return int(workers_.size()) + 1; }

  /// Runs task(i) for every i in [0, count) on the caller and the workers,
  /// and returns when all are done. While another parallelFor is running on
  /// this pool (a second session on another thread), runs them all on the
  /// caller instead of waiting.
  void parallelFor(int count, const std::function<void(int)> &task);

private:
  void work();
  /// Claims and runs tasks of the current job until none is left.
  void drain();

  std::vector<std::thread> workers_;
  std::mutex busy_;  // held by the caller of parallelFor for its duration
  std::mutex mutex_; // guards the fields below
  std::condition_variable wake_, finished_;
  const std::function<void(int)> *task_ = nullptr;
  int count_ = 0;
  std::atomic<int> next_{0};
  int pending_ = 0;
  /// Workers inside drain(); a job is set up and returns only when none is,
  /// so a worker never reads one job's fields while the next is set up.
  int active_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

/// The pool kernels called on this thread may use, or null: set by
/// Session::run for the duration of a call.
ThreadPool *currentPool();

class ScopedCurrentPool {
public:
  explicit ScopedCurrentPool(ThreadPool *pool);
  ~ScopedCurrentPool();

private:
  ThreadPool *previous_;
};

} // namespace dtc::detail

#endif // RUNTIME_CORE_THREADPOOL_H
