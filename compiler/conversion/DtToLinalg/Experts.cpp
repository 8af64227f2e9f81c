//===- Experts.cpp - the mixture-of-experts steps to linalg ---------------===//
//
// dt.moe is first decomposed (dt-decompose-moe); its steps lower here:
//   moe_route      rank of each expert per token (ties to the lower index);
//                  the k best, their logits, the gates
//   moe_dispatch   per (token, choice) pair p in token order: rows per expert,
//                  capacity, each group's offset, p's place in its group, its
//                  slot (or -1 if dropped), and each row's source token
//   grouped_linear each row's group, then rows x weight[group]ᵀ + bias[group]
//   moe_combine    gate-weighted sum of each token's rows, skipping slot -1
// Every step is a linalg.generic whose work scales with the routed rows R =
// T k (and the small E), never with E * T: compute follows k. Pairs, rows
// and groups are indexed with linalg.index and read with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::dt;

namespace {
constexpr int64_t kDyn = ShapedType::kDynamic;

Value toI64(OpBuilder &b, Location l, Value v) {
  if (v.getType().isInteger(64))
    return v;
  if (v.getType().isIndex())
    return arith::IndexCastOp::create(b, l, b.getI64Type(), v);
  return arith::ExtSIOp::create(b, l, b.getI64Type(), v);
}

/// `v` reshaped to `extents` (row-major), as a tensor of `shape`.
/// tensor.reshape with a run-time shape rather than expand_shape: LLVM 22's
/// expand-strided-metadata crashes on an expand_shape that splits one
/// dynamic extent into several dynamic ones.
Value reshapeTo(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape,
                ArrayRef<Value> extents) {
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(v.getType()).getElementType());
  Value target = tensor::FromElementsOp::create(b, loc, extents);
  return tensor::ReshapeOp::create(b, loc, type, v, target);
}

/// [..., X] -> [T, X] (T the product of the leading extents).
Value collapseRows(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getRank() == 2)
    return v;
  SmallVector<Value> ext = extentsOf(b, loc, v);
  Value rows = arith::ConstantIndexOp::create(b, loc, 1);
  for (Value e : ArrayRef<Value>(ext).drop_back())
    rows = arith::MulIOp::create(b, loc, rows, e);
  return reshapeTo(b, loc, v, {kDyn, type.getShape().back()}, {rows, ext.back()});
}

/// [T, X] -> `like`'s leading extents with X last, as `type`.
Value expandRows(OpBuilder &b, Location loc, Value v, Value like,
                 RankedTensorType type) {
  Value result = v;
  if (cast<RankedTensorType>(like.getType()).getRank() != 2) {
    SmallVector<Value> ext = extentsOf(b, loc, like);
    ext.back() = extentsOf(b, loc, v)[1];
    SmallVector<int64_t> shape(type.getRank(), kDyn);
    result = reshapeTo(b, loc, v, shape, ext);
  }
  return castTo(b, loc, result, type);
}

struct RouteLowering : OpConversionPattern<MoeRouteOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MoeRouteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value logits = collapseRows(b, loc, adaptor.getLogits());
    SmallVector<Value> ext = extentsOf(b, loc, logits);
    Value t = ext[0], e = ext[1];
    Value k = toIndex(b, loc, adaptor.getTopK());
    Type i64 = b.getI64Type();
    Type element = cast<RankedTensorType>(logits.getType()).getElementType();
    // A knob's range is the model's, but the expert count is the weights':
    // past it, expert 0 would fill the extra choices.
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value inRange = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, k, one),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, k, e));
    cf::AssertOp::create(b, loc, inRange,
                         "top_k must be at least 1 and at most the number of "
                         "experts the weights give");

    // rank[t, e]: better experts come first, ties to the lower index.
    Value rank = rankDescending(b, loc, t, e, logits,
                                arith::ConstantIntOp::create(b, loc, i64, 0));
    // The expert of rank r, and what it holds of `values`.
    auto pick = [&](Value values, Type type, bool index) {
      Value zero = index ? Value(arith::ConstantIntOp::create(b, loc, i64, 0))
                         : floatConstant(b, loc, type, 0.0);
      return reduceLast(
          b, loc, {t, k}, type, zero, ValueRange{rank, values},
          {loopMap(b, 3, {0, 2}), loopMap(b, 3, {0, 2})},
          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
            Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                              a[0], loopIndexI64(nb, l, 1));
            Value v = index ? loopIndexI64(nb, l, 2) : a[1];
            Value add = arith::SelectOp::create(nb, l, hit, v, zero);
            return index ? Value(arith::AddIOp::create(nb, l, a[2], add))
                         : Value(arith::AddFOp::create(nb, l, a[2], add));
          });
    };
    Value experts = pick(rank, i64, /*index=*/true);
    Value gates;
    if (op.getGate() == MoeGate::softmax_topk) {
      gates = softmax(b, loc, pick(logits, element, false), 1);
    } else {
      gates = pick(softmax(b, loc, logits, 1), element, false);
      if (op.getGate() == MoeGate::softmax_all_renorm) {
        Value sum = reduce(b, loc, gates, {1}, ReduceKind::Sum);
        AffineMap id = b.getMultiDimIdentityMap(2);
        AffineMap row = AffineMap::get(2, 0, {b.getAffineDimExpr(0)}, b.getContext());
        gates = mapElements(b, loc, gates, element, {gates, sum}, {id, row},
                            [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                              return arith::DivFOp::create(nb, l, a[0], a[1]);
                            });
      }
    }
    Value like = adaptor.getLogits();
    rewriter.replaceOp(op, {expandRows(b, loc, gates, like, op.getGates().getType()),
                            expandRows(b, loc, experts, like,
                                       op.getExperts().getType())});
    return success();
  }
};

struct DispatchLowering : OpConversionPattern<MoeDispatchOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MoeDispatchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Type i64 = b.getI64Type();
    Value x = collapseRows(b, loc, adaptor.getInput());
    Value choices = collapseRows(b, loc, adaptor.getExperts());
    SmallVector<Value> xExt = extentsOf(b, loc, x), cExt = extentsOf(b, loc, choices);
    Value t = cExt[0], k = cExt[1], e = adaptor.getNumExperts();
    // Pairs p = t k + j, in token order.
    Value p = arith::MulIOp::create(b, loc, t, k);
    Value pairs = reshapeTo(b, loc, choices, {kDyn}, {p});
    Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
    Value one = arith::ConstantIntOp::create(b, loc, i64, 1);

    Value count = reduceLast(
        b, loc, {e}, i64, zero, pairs, {loopMap(b, 2, {1})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                            a[0], loopIndexI64(nb, l, 0));
          return arith::AddIOp::create(
              nb, l, a[1], arith::SelectOp::create(nb, l, hit, one, zero));
        });
    // Capacity ceil(c k T / E), or every pair.
    Value capacity = toI64(b, loc, p);
    if (std::optional<APFloat> c = op.getCapacityFactor()) {
      Type f64 = b.getF64Type();
      auto asF64 = [&](Value v) -> Value {
        return arith::UIToFPOp::create(b, loc, f64, toI64(b, loc, v));
      };
      Value cap = arith::DivFOp::create(
          b, loc,
          arith::MulFOp::create(
              b, loc, floatConstant(b, loc, f64, c->convertToDouble()), asF64(p)),
          asF64(e));
      capacity = arith::FPToUIOp::create(b, loc, i64,
                                         math::CeilOp::create(b, loc, cap));
    }
    AffineMap id1 = b.getMultiDimIdentityMap(1);
    Value sizes = mapElements(b, loc, count, i64, count, {id1},
                              [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                                return arith::MinUIOp::create(nb, l, a[0], capacity);
                              });
    // offset[e]: rows of the experts before e.
    Value offset = reduceLast(
        b, loc, {e}, i64, zero, sizes, {loopMap(b, 2, {1})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value before = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult,
                                               loopIndexI64(nb, l, 1), loopIndexI64(nb, l, 0));
          return arith::AddIOp::create(
              nb, l, a[1], arith::SelectOp::create(nb, l, before, a[0], zero));
        });
    // within[p]: earlier pairs routed to the same expert.
    Value within = reduceLast(
        b, loc, {p}, i64, zero, ValueRange{pairs, pairs},
        {loopMap(b, 2, {1}), loopMap(b, 2, {0})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value earlier = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult,
                                                loopIndexI64(nb, l, 1), loopIndexI64(nb, l, 0));
          Value same = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a[0], a[1]);
          Value hit = arith::AndIOp::create(nb, l, earlier, same);
          return arith::AddIOp::create(
              nb, l, a[2], arith::SelectOp::create(nb, l, hit, one, zero));
        });
    Value minusOne = arith::ConstantIntOp::create(b, loc, i64, -1);
    Value slots = mapElements(
        b, loc, within, i64, ValueRange{pairs, within}, {id1, id1},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value base = tensor::ExtractOp::create(nb, l, offset,
                                                 ValueRange{toIndex(nb, l, a[0])});
          Value fits = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult,
                                             a[1], capacity);
          return arith::SelectOp::create(
              nb, l, fits, arith::AddIOp::create(nb, l, base, a[1]), minusOne);
        });
    // R rows in all; row r comes from the token of the pair in slot r.
    Value total = reduceLast(b, loc, {}, i64, zero, sizes, {loopMap(b, 1, {0})},
                             [](OpBuilder &nb, Location l, ValueRange a) -> Value {
                               return arith::AddIOp::create(nb, l, a[0], a[1]);
                             });
    Value r = toIndex(b, loc, tensor::ExtractOp::create(b, loc, total, ValueRange{}));
    Value kI64 = toI64(b, loc, k);
    Value source = reduceLast(
        b, loc, {r}, i64, zero, slots, {loopMap(b, 2, {1})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a[0],
                                            loopIndexI64(nb, l, 0));
          Value token = arith::DivUIOp::create(nb, l, loopIndexI64(nb, l, 1), kI64);
          return arith::AddIOp::create(
              nb, l, a[1], arith::SelectOp::create(nb, l, hit, token, zero));
        });
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    Value rowsInit = emptyTensor(b, loc, {kDyn, kDyn}, element, {r, xExt[1]});
    Value rows = linalg::GenericOp::create(
                     b, loc, rowsInit.getType(), source, rowsInit,
                     ArrayRef<AffineMap>{loopMap(b, 2, {0}), b.getMultiDimIdentityMap(2)},
                     ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                                   utils::IteratorType::parallel},
                     [&](OpBuilder &nb, Location l, ValueRange a) {
                       Value v = tensor::ExtractOp::create(
                           nb, l, x,
                           ValueRange{toIndex(nb, l, a[0]),
                                      linalg::IndexOp::create(nb, l, 1)});
                       linalg::YieldOp::create(nb, l, v);
                     })
                     .getResult(0);
    Value slotsTk = reshapeTo(b, loc, slots, {kDyn, kDyn}, {t, k});
    rewriter.replaceOp(
        op, {castTo(b, loc, rows, op.getRows().getType()),
             castTo(b, loc, sizes, op.getGroupSizes().getType()),
             expandRows(b, loc, slotsTk, adaptor.getExperts(),
                        op.getSlots().getType())});
    return success();
  }
};

struct GroupedLinearLowering : OpConversionPattern<GroupedLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GroupedLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Type i64 = b.getI64Type();
    Value x = adaptor.getInput(), sizes = adaptor.getGroupSizes(),
          w = adaptor.getWeight(), bias = adaptor.getBias();
    SmallVector<Value> xExt = extentsOf(b, loc, x), wExt = extentsOf(b, loc, w);
    Value r = xExt[0], e = wExt[0], n = wExt[1];
    Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
    Value one = arith::ConstantIntOp::create(b, loc, i64, 1);
    // end[e]: rows up to and including group e; group[r]: ends at or
    // before r.
    Value end = reduceLast(
        b, loc, {e}, i64, zero, sizes, {loopMap(b, 2, {1})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value upTo = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule,
                                             loopIndexI64(nb, l, 1), loopIndexI64(nb, l, 0));
          return arith::AddIOp::create(
              nb, l, a[1],
              arith::SelectOp::create(nb, l, upTo, toI64(nb, l, a[0]), zero));
        });
    Value group = reduceLast(
        b, loc, {r}, i64, zero, end, {loopMap(b, 2, {1})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value done = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule,
                                             a[0], loopIndexI64(nb, l, 0));
          return arith::AddIOp::create(
              nb, l, a[1], arith::SelectOp::create(nb, l, done, one, zero));
        });
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    Value empty = emptyTensor(b, loc, {kDyn, kDyn}, element, {r, n});
    Value init;
    if (bias) {
      init = linalg::GenericOp::create(
                 b, loc, empty.getType(), group, empty,
                 ArrayRef<AffineMap>{loopMap(b, 2, {0}), b.getMultiDimIdentityMap(2)},
                 ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                               utils::IteratorType::parallel},
                 [&](OpBuilder &nb, Location l, ValueRange a) {
                   Value v = tensor::ExtractOp::create(
                       nb, l, bias,
                       ValueRange{toIndex(nb, l, a[0]),
                                  linalg::IndexOp::create(nb, l, 1)});
                   linalg::YieldOp::create(nb, l, v);
                 })
                 .getResult(0);
    } else {
      init = linalg::FillOp::create(b, loc, floatConstant(b, loc, element, 0.0),
                                    empty)
                 .getResult(0);
    }
    // Each expert's rows are contiguous: one contraction per expert,
    // out[rows of e, n] += x[rows of e, c] * w[e, n, c], which the CPU
    // backend hands to its GEMM kernel with w[e] as a constant operand.
    Value c = xExt[1];
    Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0),
          oneIndex = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = scf::ForOp::create(b, loc, zeroIndex, e,
                                   oneIndex, ValueRange{init, zeroIndex});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value expert = loop.getInductionVar();
      Value acc = loop.getRegionIterArgs()[0],
            first = loop.getRegionIterArgs()[1];
      Value size = toIndex(b, loc, tensor::ExtractOp::create(b, loc, sizes, expert));
      OpFoldResult unit = b.getIndexAttr(1), origin = b.getIndexAttr(0);
      auto rowsType = RankedTensorType::get({kDyn, kDyn}, element);
      Value xRows = tensor::ExtractSliceOp::create(
          b, loc, rowsType, x,
          ArrayRef<OpFoldResult>{first, origin},
          ArrayRef<OpFoldResult>{size, c}, ArrayRef<OpFoldResult>{unit, unit});
      Value wExpert = tensor::ExtractSliceOp::create(
          b, loc, rowsType, w,
          ArrayRef<OpFoldResult>{expert, origin, origin},
          ArrayRef<OpFoldResult>{unit, n, c},
          ArrayRef<OpFoldResult>{unit, unit, unit});
      SmallVector<OpFoldResult> outOffsets{first, origin}, outSizes{size, n},
          strides{unit, unit};
      Value accRows = tensor::ExtractSliceOp::create(b, loc, acc, outOffsets,
                                                     outSizes, strides);
      Value product =
          linalg::GenericOp::create(
              b, loc, accRows.getType(), ValueRange{xRows, wExpert}, accRows,
              ArrayRef<AffineMap>{loopMap(b, 3, {0, 2}), loopMap(b, 3, {1, 2}),
                                  loopMap(b, 3, {0, 1})},
              ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                            utils::IteratorType::parallel,
                                            utils::IteratorType::reduction},
              [&](OpBuilder &nb, Location l, ValueRange a) {
                Value prod = arith::MulFOp::create(nb, l, a[0], a[1]);
                linalg::YieldOp::create(
                    nb, l, Value(arith::AddFOp::create(nb, l, a[2], prod)));
              })
              .getResult(0);
      Value updated = tensor::InsertSliceOp::create(b, loc, product, acc,
                                                    outOffsets, outSizes,
                                                    strides);
      scf::YieldOp::create(
          b, loc,
          ValueRange{updated, arith::AddIOp::create(b, loc, first, size)});
    }
    Value out = loop.getResult(0);
    rewriter.replaceOp(op, castTo(b, loc, out, op.getType()));
    return success();
  }
};

struct CombineLowering : OpConversionPattern<MoeCombineOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MoeCombineOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value rows = adaptor.getRows();
    Value slots = collapseRows(b, loc, adaptor.getSlots());
    Value gates = collapseRows(b, loc, adaptor.getGates());
    Type element = cast<RankedTensorType>(rows.getType()).getElementType();
    Value t = extentsOf(b, loc, slots)[0], d = extentsOf(b, loc, rows)[1];
    Value zeroF = floatConstant(b, loc, element, 0.0);
    Value zero = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
    // out[t, d] = sum_j gates[t, j] * rows[slots[t, j], d], slot -1 skipped.
    Value out = reduceLast(
        b, loc, {t, d}, element, zeroF, ValueRange{slots, gates},
        {loopMap(b, 3, {0, 2}), loopMap(b, 3, {0, 2})},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          Value valid = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge,
                                              a[0], zero);
          Value row = toIndex(nb, l, arith::SelectOp::create(nb, l, valid, a[0], zero));
          Value v = tensor::ExtractOp::create(
              nb, l, rows, ValueRange{row, linalg::IndexOp::create(nb, l, 1)});
          Value term = arith::SelectOp::create(
              nb, l, valid, arith::MulFOp::create(nb, l, a[1], v), zeroF);
          return arith::AddFOp::create(nb, l, a[2], term);
        });
    rewriter.replaceOp(op, expandRows(b, loc, out, adaptor.getSlots(),
                                      op.getType()));
    return success();
  }
};
} // namespace

void dt::populateExpertsToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<RouteLowering, DispatchLowering, GroupedLinearLowering,
               CombineLowering>(patterns.getContext());
}
