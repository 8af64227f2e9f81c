//===- DtOpsTest.cpp - the dt dialect's C++ API ---------------------------===//
//
// Builders infer result types (what later passes rely on), inference fails
// silently without a location, and knob ranges behave as documented.
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
class DtOpsTest : public ::testing::Test {
protected:
  DtOpsTest() : builder(&context) {
    context.loadDialect<dt::DtDialect, arith::ArithDialect,
                        func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function argument of `type`, to feed ops under test.
  Value arg(Type type) {
    if (!func) {
      func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                  builder.getFunctionType({}, {}));
      builder.setInsertionPointToEnd(func.addEntryBlock());
    }
    return func.getBody().front().addArgument(type, builder.getUnknownLoc());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};

TEST_F(DtOpsTest, LinearInfersOutputFeatures) {
  Location loc = builder.getUnknownLoc();
  auto op = dt::LinearOp::create(builder, loc, arg(f32({2, 197, 384})),
                                 arg(f32({1536, 384})), arg(f32({1536})));
  EXPECT_EQ(op.getType(), f32({2, 197, 1536}));
}

TEST_F(DtOpsTest, MatmulBroadcastsBatch) {
  Location loc = builder.getUnknownLoc();
  auto op = dt::MatmulOp::create(builder, loc, arg(f32({2, 1, 5, 16})),
                                 arg(f32({8, 32, 16})), /*transpose_rhs=*/true);
  EXPECT_EQ(op.getType(), f32({2, 8, 5, 32}));
}

TEST_F(DtOpsTest, DynamicDimsStayDynamic) {
  Location loc = builder.getUnknownLoc();
  int64_t dyn = ShapedType::kDynamic;
  auto op = dt::AddOp::create(builder, loc, arg(f32({dyn, 1, 64})),
                              arg(f32({1, 197, dyn})));
  EXPECT_EQ(op.getType(), f32({dyn, 197, 64}));
}

TEST_F(DtOpsTest, ConstantRateGivesStaticKeptCount) {
  Location loc = builder.getUnknownLoc();
  Value x = arg(f32({2, 197, 384})), s = arg(f32({2, 197}));
  Value rate = arith::ConstantOp::create(builder, loc,
                                         builder.getF32FloatAttr(0.5f));
  auto op = dt::SelectTokensOp::create(builder, loc, x, s, rate,
                                       builder.getI64IntegerAttr(1));
  EXPECT_EQ(op.getOutput().getType(), f32({2, 99, 384}));
  EXPECT_EQ(op.getIndices().getType(),
            RankedTensorType::get({2, 99}, builder.getI64Type()));
}

TEST_F(DtOpsTest, RuntimeRateGivesDynamicKeptCount) {
  Location loc = builder.getUnknownLoc();
  auto op = dt::SelectTokensOp::create(builder, loc, arg(f32({2, 197, 384})),
                                       arg(f32({2, 197})),
                                       arg(builder.getF32Type()),
                                       builder.getI64IntegerAttr(1));
  EXPECT_TRUE(op.getOutput().getType().isDynamicDim(1));
}

TEST_F(DtOpsTest, InferenceWithoutLocationIsSilent) {
  int diagnostics = 0;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &) {
    ++diagnostics;
    return success();
  });
  SmallVector<Type> results;
  // The adaptor views the operands: keep them alive in a named vector.
  SmallVector<Value> operands = {arg(f32({2, 8})), arg(f32({4, 6}))};
  dt::LinearOp::Adaptor adaptor(operands);
  EXPECT_TRUE(failed(dt::LinearOp::inferReturnTypes(
      &context, std::nullopt, adaptor, results)));
  EXPECT_EQ(diagnostics, 0);
  // With a location, the same failure is a diagnostic naming the operands.
  std::string message;
  ScopedDiagnosticHandler capture(&context, [&](Diagnostic &d) {
    message = d.str();
    return success();
  });
  EXPECT_TRUE(failed(dt::LinearOp::inferReturnTypes(
      &context, builder.getUnknownLoc(), adaptor, results)));
  EXPECT_EQ(message, "'dt.linear' op K mismatch: input has 8 but weight has 6");
}

TEST_F(DtOpsTest, KnobRanges) {
  auto parsed = parseSourceString<ModuleOp>(R"mlir(
    dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]
    dt.knob @top_k : i64 = 2 in [1, 8]
    dt.knob @fixed : f32 = 0.5 in [0.5, 0.5]
    dt.knob @free : f32 = 3.0
  )mlir", &context);
  ASSERT_TRUE(parsed);
  SymbolTable symbols(*parsed);
  auto rate = symbols.lookup<dt::KnobOp>("keep_rate");
  EXPECT_FALSE(rate.contains(0.0));
  EXPECT_TRUE(rate.contains(1e-9));
  EXPECT_TRUE(rate.contains(1.0));
  EXPECT_FALSE(rate.contains(1.0000001));
  EXPECT_FALSE(rate.getSingletonValue());
  auto topK = symbols.lookup<dt::KnobOp>("top_k");
  EXPECT_TRUE(topK.contains(1) && topK.contains(8));
  EXPECT_FALSE(topK.contains(0) || topK.contains(9));
  EXPECT_EQ(symbols.lookup<dt::KnobOp>("fixed").getSingletonValue(), 0.5);
  EXPECT_TRUE(symbols.lookup<dt::KnobOp>("free").contains(-1e30));
}

TEST_F(DtOpsTest, ConditionalInterfaceNamesTheFamily) {
  Location loc = builder.getUnknownLoc();
  auto select = dt::SelectTokensOp::create(
      builder, loc, arg(f32({2, 8, 4})), arg(f32({2, 8})),
      arg(builder.getF32Type()), builder.getI64IntegerAttr(0));
  auto iface = cast<dt::ConditionalComputeOpInterface>(select.getOperation());
  EXPECT_EQ(iface.getConditionalKind(), "token_selection");
  auto relu = dt::ReluOp::create(builder, loc, f32({2}), arg(f32({2})));
  EXPECT_FALSE(isa<dt::ConditionalComputeOpInterface>(relu.getOperation()));
}
} // namespace
