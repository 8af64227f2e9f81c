//===- KeptTokenCountTest.cpp - the token-selection count rule ------------===//
//
// K = P + ceil(r * (N - P)) from semantics.md section 1, in float32.
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtShapeUtils.h"

#include <gtest/gtest.h>

#include <cmath>

using mlir::dt::keptTokenCount;

TEST(KeptTokenCount, RateOneKeepsEverything) {
  EXPECT_EQ(keptTokenCount(197, 1, 1.0f), 197);
  EXPECT_EQ(keptTokenCount(1, 0, 1.0f), 1);
}

TEST(KeptTokenCount, ViTSmallRates) {
  // 196 patches + the class token.
  EXPECT_EQ(keptTokenCount(197, 1, 0.5f), 1 + 98);
  EXPECT_EQ(keptTokenCount(197, 1, 0.7f), 1 + 138); // ceil(137.2)
  EXPECT_EQ(keptTokenCount(197, 1, 0.25f), 1 + 49);
}

TEST(KeptTokenCount, TinyRateKeepsPrefixAndOne) {
  EXPECT_EQ(keptTokenCount(17, 1, 1e-6f), 2);
}

TEST(KeptTokenCount, AllPrefix) {
  EXPECT_EQ(keptTokenCount(4, 4, 0.5f), 4);
  EXPECT_EQ(keptTokenCount(4, 4, 1.0f), 4);
}

TEST(KeptTokenCount, RoundsUp) {
  // Any fraction of a token is kept: one ulp above 0.5 keeps a sixth token.
  EXPECT_EQ(keptTokenCount(10, 0, 0.5f), 5);
  EXPECT_EQ(keptTokenCount(10, 0, std::nextafter(0.5f, 1.0f)), 6);
  // The product is rounded to float32 before the ceiling: 0.3f * 10 is
  // exactly 3.0f, so three tokens, as numpy's float32 gives.
  EXPECT_EQ(keptTokenCount(10, 0, 0.3f), 3);
}
