//===- HostMemoryTest.cpp - the blocks compiled code allocates ------------===//

#include "runtime/core/HostMemory.h"
#include "runtime/kernels/KernelAbi.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

using namespace dtc::detail;

namespace {

bool aligned64(void *p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

TEST(HostMemory, FreedBlocksServeTheNextRun) {
  BlockCache cache;
  ScopedBlockCache scope(&cache);
  cache.beginRun();
  void *a = dtc_rt_alloc(1000);
  void *b = dtc_rt_alloc(300000);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(aligned64(a) && aligned64(b));
  std::memset(b, 1, 300000); // the whole size is usable
  EXPECT_EQ(cache.liveBlocks(), 2u);
  dtc_rt_free(a);
  dtc_rt_free(b);
  EXPECT_EQ(cache.liveBlocks(), 0u);
  EXPECT_GT(cache.freshBytes(), 301000u);

  // The same sizes, and sizes within the same class, reuse the blocks.
  cache.beginRun();
  void *b2 = dtc_rt_alloc(299000);
  void *a2 = dtc_rt_alloc(1000);
  EXPECT_EQ(a2, a);
  EXPECT_EQ(b2, b);
  EXPECT_EQ(cache.freshBytes(), 0u);
  EXPECT_GE(cache.reusedBytes(), 300000u);
  dtc_rt_free(a2);
  dtc_rt_free(b2);
}

TEST(HostMemory, AFailedRunLeavesNothingLive) {
  BlockCache cache;
  ScopedBlockCache scope(&cache);
  cache.beginRun();
  void *a = dtc_rt_alloc(4096);
  dtc_rt_alloc(8192);
  EXPECT_EQ(cache.liveBlocks(), 2u);
  cache.reclaimLive(); // what a session does after a failed check
  EXPECT_EQ(cache.liveBlocks(), 0u);
  cache.beginRun();
  EXPECT_EQ(dtc_rt_alloc(4096), a);
  EXPECT_EQ(cache.freshBytes(), 0u);
}

TEST(HostMemory, DetachedBlocksOutliveTheCache) {
  void *result = nullptr;
  {
    BlockCache cache;
    ScopedBlockCache scope(&cache);
    cache.beginRun();
    result = dtc_rt_alloc(256);
    std::memset(result, 7, 256);
    cache.detach(result); // a run's output, now owned by a tensor
    EXPECT_EQ(cache.liveBlocks(), 0u);
  }
  EXPECT_EQ(static_cast<unsigned char *>(result)[255], 7);
  freeBlock(result); // the tensor's deleter
}

TEST(HostMemory, UnusedBlocksGoBackAfterTwoRuns) {
  BlockCache cache;
  ScopedBlockCache scope(&cache);
  cache.beginRun();
  dtc_rt_free(dtc_rt_alloc(1 << 20));
  EXPECT_GE(cache.cachedBytes(), size_t(1) << 20);
  cache.beginRun();
  cache.beginRun();
  EXPECT_GE(cache.cachedBytes(), size_t(1) << 20);
  cache.beginRun();
  EXPECT_EQ(cache.cachedBytes(), 0u);
}

TEST(HostMemory, OutsideASessionBlocksComeFromTheSystem) {
  void *p = dtc_rt_alloc(100);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(aligned64(p));
  dtc_rt_free(p);
  dtc_rt_free(nullptr);
}

} // namespace
