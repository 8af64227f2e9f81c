//===- HostMemory.h - the memory compiled code allocates -------*- C++ -*-===//
//
// Compiled code allocates its buffers with dtc_rt_alloc and frees them with
// dtc_rt_free. Each session keeps the blocks its runs free and hands them out
// again, so that from the second call on a model's activations live in
// memory it has already touched: a first touch costs a page fault (~12 us
// per 4 KiB page on the VMs measured), and glibc maps and unmaps every large
// block afresh. It also makes a failed run-time check leak nothing: the
// blocks still live when it jumps out are taken back.
//
// The compiler plans most activations into one arena per block
// (dtc-cpu-plan-arenas), so a run makes few allocations; this cache makes
// the arenas of later runs land on pages already touched.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_HOSTMEMORY_H
#define RUNTIME_CORE_HOSTMEMORY_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace dtc::detail {

struct BlockHeader;

/// The blocks of one session. Not thread-safe: compiled code allocates on
/// the thread that runs it.
class BlockCache {
public:
  BlockCache() = default;
  BlockCache(const BlockCache &) = delete;
  BlockCache &operator=(const BlockCache &) = delete;
  ~BlockCache();

  /// At least `bytes` bytes, 64-byte aligned.
  void *allocate(size_t bytes);
  /// Keeps `p` (a block of this cache) for later allocations.
  void release(void *p);

  /// Starts a run: blocks cached but unused for two runs go back to the
  /// system, which bounds the cache by the last runs' working sets.
  void beginRun();
  /// Takes back every block still live (after a failed run).
  void reclaimLive();
  /// Hands block `p` to its caller: it leaves the cache, and freeBlock
  /// frees it.
  void detach(void *p);

  size_t liveBlocks() const { return liveCount_; }
  size_t cachedBytes() const { return cachedBytes_; }
  /// Bytes of the current run's allocations served from the cache and
  /// from the system.
  size_t reusedBytes() const { return reusedBytes_; }
  size_t freshBytes() const { return freshBytes_; }
  /// The same, counted in allocations.
  size_t reusedBlocks() const { return reusedBlocks_; }
  size_t freshBlocks() const { return freshBlocks_; }

private:
  void link(BlockHeader *h);
  void unlink(BlockHeader *h);

  BlockHeader *live_ = nullptr; // doubly linked through the headers
  size_t liveCount_ = 0;
  std::map<size_t, std::vector<BlockHeader *>> free_; // by capacity
  size_t cachedBytes_ = 0;
  uint64_t run_ = 0;
  size_t reusedBytes_ = 0, freshBytes_ = 0;
  size_t reusedBlocks_ = 0, freshBlocks_ = 0;
};

/// Frees a block that compiled code allocated, wherever it came from (a
/// detached result, or one allocated outside any session).
void freeBlock(void *p);

/// Makes `cache` the one dtc_rt_alloc and dtc_rt_free use on this thread
/// while alive (nullptr: the system heap).
class ScopedBlockCache {
public:
  explicit ScopedBlockCache(BlockCache *cache);
  ~ScopedBlockCache();

private:
  BlockCache *previous_;
};

} // namespace dtc::detail

#endif // RUNTIME_CORE_HOSTMEMORY_H
