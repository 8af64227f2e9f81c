//===- ThreadPool.cpp - the runtime's one pool of worker threads ----------===//

#include "runtime/core/ThreadPool.h"

using namespace dtc::detail;

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i)
    workers_.emplace_back([this] { work(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread &worker : workers_)
    worker.join();
}

void ThreadPool::drain() {
  for (int i; (i = next_.fetch_add(1)) < count_;) {
    (*task_)(i);
    std::lock_guard<std::mutex> lock(mutex_);
    if (--pending_ == 0)
      finished_.notify_all();
  }
}

void ThreadPool::work() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_)
        return;
      seen = generation_;
      ++active_;
    }
    drain();
    std::lock_guard<std::mutex> lock(mutex_);
    if (--active_ == 0 && pending_ == 0)
      finished_.notify_all();
  }
}

void ThreadPool::parallelFor(int count, const std::function<void(int)> &task) {
  std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
  if (workers_.empty() || count <= 1 || !busy.owns_lock()) {
    for (int i = 0; i < count; ++i)
      task(i);
    return;
  }
  {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&] { return active_ == 0; });
    task_ = &task;
    count_ = count;
    pending_ = count;
    next_.store(0);
    ++generation_;
  }
  wake_.notify_all();
  drain();
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [&] { return pending_ == 0 && active_ == 0; });
  task_ = nullptr;
}

namespace {
thread_local ThreadPool *current = nullptr;
}

ThreadPool *dtc::detail::currentPool() { return current; }

ScopedCurrentPool::ScopedCurrentPool(ThreadPool *pool) : previous_(current) {
  current = pool;
}

ScopedCurrentPool::~ScopedCurrentPool() { current = previous_; }
