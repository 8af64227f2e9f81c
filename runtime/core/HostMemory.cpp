//===- HostMemory.cpp - the memory compiled code allocates ----------------===//

#include "runtime/core/HostMemory.h"
#include "runtime/core/Failure.h"
#include "runtime/kernels/KernelAbi.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace dtc::detail {

/// Precedes every block; 64 bytes, so the block keeps 64-byte alignment.
struct alignas(64) BlockHeader {
  size_t capacity;
  BlockCache *owner; // null: detached, or allocated outside a session
  BlockHeader *prev, *next;
  uint64_t lastRun;
};
static_assert(sizeof(BlockHeader) == 64);

namespace {

thread_local BlockCache *current = nullptr;

BlockHeader *headerOf(void *p) {
  return reinterpret_cast<BlockHeader *>(p) - 1;
}

/// Sizes round up to a quarter of their power of two (at least 64 bytes),
/// so that blocks serve runs whose shapes differ a little, wasting < 25%.
size_t capacityFor(size_t bytes) {
  size_t step = 64;
  while (step <= bytes / 8)
    step *= 2;
  // Past SIZE_MAX - step no block can be had: keep the size, which fails.
  return bytes > SIZE_MAX - step ? bytes : (bytes + step - 1) / step * step;
}

BlockHeader *systemBlock(size_t capacity) {
  if (capacity > SIZE_MAX - sizeof(BlockHeader))
    return nullptr;
  void *raw = std::aligned_alloc(alignof(BlockHeader),
                                 sizeof(BlockHeader) + capacity);
  if (!raw)
    return nullptr;
  auto *h = new (raw) BlockHeader{capacity, nullptr, nullptr, nullptr, 0};
  return h;
}

} // namespace

BlockCache::~BlockCache() {
  for (auto &[capacity, blocks] : free_)
    for (BlockHeader *h : blocks)
      std::free(h);
  while (live_) {
    BlockHeader *h = live_;
    unlink(h);
    std::free(h);
  }
}

void BlockCache::link(BlockHeader *h) {
  h->owner = this;
  h->prev = nullptr;
  h->next = live_;
  if (live_)
    live_->prev = h;
  live_ = h;
  ++liveCount_;
}

void BlockCache::unlink(BlockHeader *h) {
  if (h->prev)
    h->prev->next = h->next;
  else
    live_ = h->next;
  if (h->next)
    h->next->prev = h->prev;
  h->prev = h->next = nullptr;
  --liveCount_;
}

void *BlockCache::allocate(size_t bytes) {
  size_t capacity = capacityFor(bytes);
  BlockHeader *h = nullptr;
  auto it = free_.find(capacity);
  if (it != free_.end() && !it->second.empty()) {
    h = it->second.back();
    it->second.pop_back();
    cachedBytes_ -= capacity;
    reusedBytes_ += capacity;
    ++reusedBlocks_;
  } else {
    h = systemBlock(capacity);
    if (!h)
      return nullptr;
    freshBytes_ += capacity;
    ++freshBlocks_;
  }
  link(h);
  return h + 1;
}

void BlockCache::release(void *p) {
  BlockHeader *h = headerOf(p);
  unlink(h);
  h->lastRun = run_;
  free_[h->capacity].push_back(h);
  cachedBytes_ += h->capacity;
}

void BlockCache::beginRun() {
  ++run_;
  reusedBytes_ = freshBytes_ = 0;
  reusedBlocks_ = freshBlocks_ = 0;
  for (auto it = free_.begin(); it != free_.end();) {
    auto &blocks = it->second;
    size_t kept = 0;
    for (BlockHeader *h : blocks) {
      if (h->lastRun + 2 < run_) {
        cachedBytes_ -= h->capacity;
        std::free(h);
      } else {
        blocks[kept++] = h;
      }
    }
    blocks.resize(kept);
    it = blocks.empty() ? free_.erase(it) : std::next(it);
  }
}

void BlockCache::reclaimLive() {
  while (live_)
    release(live_ + 1);
}

void BlockCache::detach(void *p) {
  BlockHeader *h = headerOf(p);
  if (h->owner != this)
    return;
  unlink(h);
  h->owner = nullptr;
}

void freeBlock(void *p) {
  if (!p)
    return;
  BlockHeader *h = headerOf(p);
  if (h->owner)
    h->owner->release(p);
  else
    std::free(h);
}

ScopedBlockCache::ScopedBlockCache(BlockCache *cache) : previous_(current) {
  current = cache;
}

ScopedBlockCache::~ScopedBlockCache() { current = previous_; }

} // namespace dtc::detail

using namespace dtc::detail;

// Compiled code does not check what it gets: a block that cannot be had
// fails the run with an error value (Failure.h) instead of returning null.
extern "C" void *dtc_rt_alloc(int64_t bytes) {
  size_t size = bytes > 0 ? size_t(bytes) : 1;
  void *block = nullptr;
  if (current) {
    block = current->allocate(size);
  } else if (BlockHeader *h = systemBlock(capacityFor(size))) {
    block = h + 1;
  }
  if (!block)
    failOutOfMemory(size, "a buffer of the compiled code");
  return block;
}

extern "C" void dtc_rt_free(void *p) { freeBlock(p); }
