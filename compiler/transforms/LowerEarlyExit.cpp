//===- LowerEarlyExit.cpp - dt.early_exit as a host loop over stages ------===//
//
// Stage 0 runs before the loop (its head gives the logits' width); then an
// scf.while runs stage s while s < num_stages and some sample is left. After
// each head the policy decides per sample, in a host loop over the batch:
// leaving samples write their logits, exit stage (and offload flag) to their
// original row; the others are listed, and every stage input (and the policy
// state) is compacted to them with dt.gather. Later stages therefore run on
// the survivors only, and the loop stops as soon as none is left.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::dt {
#define GEN_PASS_DEF_LOWEREARLYEXIT
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {

/// What the loop carries from one stage to the next.
struct Carried {
  SmallVector<Value> inputs; // the stage inputs, compacted
  Value active;              // [B'] i64: each row's sample in the batch
  Value prevBest, run;       // patience: last arg-max, heads in a row
  Value prevConfidence;      // recursive: last confidence
  Value logits, exitIndex, offload; // [B, C], [B] i32, [B] i1: the results

  SmallVector<Value> flatten() const {
    SmallVector<Value> values(inputs);
    for (Value v : {active, prevBest, run, prevConfidence, logits, exitIndex,
                    offload})
      if (v)
        values.push_back(v);
    return values;
  }
  /// The inverse of flatten(), for a Carried laid out like `shape`.
  static Carried unflatten(const Carried &shape, ValueRange values) {
    Carried c;
    size_t i = 0;
    for (size_t k = 0; k < shape.inputs.size(); ++k)
      c.inputs.push_back(values[i++]);
    for (auto [from, to] :
         {std::pair{shape.active, &c.active}, {shape.prevBest, &c.prevBest},
          {shape.run, &c.run}, {shape.prevConfidence, &c.prevConfidence},
          {shape.logits, &c.logits}, {shape.exitIndex, &c.exitIndex},
          {shape.offload, &c.offload}})
      if (from)
        *to = values[i++];
    return c;
  }
};

class EarlyExitLowering {
public:
  EarlyExitLowering(EarlyExitOp op, PatternRewriter &rewriter)
      : op(op), b(rewriter), loc(op.getLoc()), policy(op.getPolicy()) {}

  void lower() {
    Value zero = constantIndex(0), one = constantIndex(1);
    numStages = op.getNumStages();
    Value atLeastOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                             numStages, one);
    cf::AssertOp::create(b, loc, atLeastOne,
                         "dt.early_exit needs at least one stage");
    lastStage = arith::SubIOp::create(b, loc, numStages, one);
    Value batch = tensor::DimOp::create(b, loc, op.getInputs().front(), 0);

    // Stage 0, whose head fixes the logits' width.
    auto [next, logits] = runStage(zero, op.getInputs());
    Value classes = tensor::DimOp::create(b, loc, logits, 1);
    Carried c;
    c.inputs.assign(op.getInputs().begin(), op.getInputs().end());
    c.active = IotaOp::create(b, loc, dynamicType(b.getI64Type(), 1),
                              ValueRange{batch}, uint64_t(0));
    if (policy == ExitPolicy::patience) {
      c.prevBest = filled(batch, b.getI64IntegerAttr(-1));
      c.run = filled(batch, b.getI64IntegerAttr(0));
    }
    if (policy == ExitPolicy::recursive)
      c.prevConfidence = filled(batch, b.getF32FloatAttr(0.0f));
    auto logitsType = cast<RankedTensorType>(logits.getType());
    c.logits = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{ShapedType::kDynamic, ShapedType::kDynamic},
        logitsType.getElementType(), ValueRange{batch, classes});
    c.exitIndex = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{ShapedType::kDynamic}, b.getI32Type(),
        ValueRange{batch});
    if (policy == ExitPolicy::recursive)
      c.offload = filled(batch, b.getBoolAttr(false));
    c = decideAndCompact(zero, next, logits, c);

    // Stages 1 and on, while any sample is left.
    Carried shape = c;
    SmallVector<Value> init{one};
    llvm::append_range(init, c.flatten());
    auto loop = scf::WhileOp::create(b, loc, TypeRange(ValueRange(init)), init);
    SmallVector<Location> locs(init.size(), loc);
    {
      Block *before = b.createBlock(&loop.getBefore(), {},
                                    TypeRange(ValueRange(init)), locs);
      Value s = before->getArgument(0);
      Carried cur = Carried::unflatten(shape, before->getArguments().drop_front());
      Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, s,
                                         numStages);
      Value left = tensor::DimOp::create(b, loc, cur.active, 0);
      Value any = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                        left, zero);
      scf::ConditionOp::create(b, loc, arith::AndIOp::create(b, loc, more, any),
                               before->getArguments());
    }
    {
      Block *after = b.createBlock(&loop.getAfter(), {},
                                   TypeRange(ValueRange(init)), locs);
      Value s = after->getArgument(0);
      Carried cur = Carried::unflatten(shape, after->getArguments().drop_front());
      auto [stageNext, stageLogits] = runStage(s, cur.inputs);
      Carried out = decideAndCompact(s, stageNext, stageLogits, cur);
      SmallVector<Value> yielded{arith::AddIOp::create(b, loc, s, one)};
      llvm::append_range(yielded, out.flatten());
      scf::YieldOp::create(b, loc, yielded);
    }
    b.setInsertionPointAfter(loop);
    Carried done = Carried::unflatten(shape, loop.getResults().drop_front());

    SmallVector<Value> results{done.logits, done.exitIndex};
    if (policy == ExitPolicy::recursive)
      results.push_back(done.offload);
    for (unsigned i = 0; i < results.size(); ++i)
      if (results[i].getType() != op.getResult(i).getType())
        results[i] = tensor::CastOp::create(b, loc, op.getResult(i).getType(),
                                            results[i]);
    b.replaceOp(op, results);
  }

private:
  Value constantIndex(int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }

  static RankedTensorType dynamicType(Type element, int64_t rank) {
    return RankedTensorType::get(
        SmallVector<int64_t>(rank, ShapedType::kDynamic), element);
  }

  /// A [n] tensor of `value`.
  Value filled(Value n, TypedAttr value) {
    Value empty = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{ShapedType::kDynamic}, value.getType(),
        ValueRange{n});
    Value scalar = arith::ConstantOp::create(b, loc, value);
    return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
  }

  /// The body's ops for stage `s` on `inputs`: (next inputs, head logits).
  std::pair<SmallVector<Value>, Value> runStage(Value s, ValueRange inputs) {
    Block &body = op.getBody().front();
    IRMapping map;
    map.map(body.getArgument(0), s);
    // The body's ops expect its argument types, which shape refinement may
    // have left less static than the inputs.
    for (auto [arg, value] : llvm::zip(body.getArguments().drop_front(), inputs))
      map.map(arg, value.getType() == arg.getType()
                       ? value
                       : tensor::CastOp::create(b, loc, arg.getType(), value));
    for (Operation &inner : body.without_terminator())
      b.clone(inner, map);
    auto yield = cast<YieldOp>(body.getTerminator());
    SmallVector<Value> next;
    for (auto [value, arg] : llvm::zip(yield.getValues().drop_back(),
                                       body.getArguments().drop_front())) {
      Value v = map.lookupOrDefault(value);
      if (v.getType() != arg.getType())
        v = tensor::CastOp::create(b, loc, arg.getType(), v);
      next.push_back(v);
    }
    return {next, map.lookupOrDefault(yield.getValues().back())};
  }

  Value extract(Value tensor, Value index) {
    return tensor::ExtractOp::create(b, loc, tensor, index);
  }

  Value gatherRows(Value tensor, Value rows) {
    Value g = GatherOp::create(b, loc, tensor, rows, b.getI64IntegerAttr(0));
    if (g.getType() != tensor.getType())
      g = tensor::CastOp::create(b, loc, tensor.getType(), g);
    return g;
  }

  /// After stage `s`'s head: the policy's decision per sample, the leavers'
  /// results written, everything else compacted to the stayers.
  Carried decideAndCompact(Value s, ArrayRef<Value> next, Value logits,
                           const Carried &c) {
    Value zero = constantIndex(0), one = constantIndex(1);
    Value rows = tensor::DimOp::create(b, loc, logits, 0);
    Value classes = tensor::DimOp::create(b, loc, logits, 1);
    Value isLast = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, s,
                                         lastStage);
    Value notFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, s,
                                           zero);

    // Per-row statistics of the head, as dense ops.
    Value probs = SoftmaxOp::create(b, loc, logits.getType(), logits,
                                    b.getI64IntegerAttr(-1));
    auto lastAxis = b.getDenseI64ArrayAttr({-1});
    Value confidence = ReduceMaxOp::create(b, loc, probs, lastAxis);
    Value entropy, best;
    if (policy == ExitPolicy::entropy) {
      auto scalarType = RankedTensorType::get({}, b.getF32Type());
      Value tiny = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(scalarType, 1e-30f));
      Value logs = LogOp::create(b, loc, MaximumOp::create(b, loc, probs, tiny));
      entropy = NegOp::create(
          b, loc,
          ReduceSumOp::create(b, loc, MulOp::create(b, loc, probs, logs),
                              lastAxis));
    }
    if (policy == ExitPolicy::patience)
      best = ArgmaxOp::create(b, loc, logits, b.getI64IntegerAttr(-1));
    ValueRange thresholds = op.getThresholds();

    Value stayers = tensor::EmptyOp::create(
        b, loc, ArrayRef<int64_t>{ShapedType::kDynamic}, b.getI64Type(),
        ValueRange{rows});
    Value run;
    if (policy == ExitPolicy::patience)
      run = tensor::EmptyOp::create(b, loc,
                                    ArrayRef<int64_t>{ShapedType::kDynamic},
                                    b.getI64Type(), ValueRange{rows});
    Value exitStage =
        arith::IndexCastOp::create(b, loc, b.getI32Type(), s);

    // The host loop over the rows: decide, write leavers, list stayers.
    SmallVector<Value> iterInit{c.logits, c.exitIndex, stayers, zero};
    if (c.offload)
      iterInit.push_back(c.offload);
    if (run)
      iterInit.push_back(run);
    auto loop = scf::ForOp::create(b, loc, zero, rows, one, iterInit);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value r = loop.getInductionVar();
      ValueRange it = loop.getRegionIterArgs();
      Value outLogits = it[0], outExit = it[1], list = it[2], count = it[3];
      Value outOffload = c.offload ? it[4] : Value();
      Value outRun = run ? it[c.offload ? 5 : 4] : Value();

      Value conf = extract(confidence, r);
      Value leave, gainLeave;
      switch (policy) {
      case ExitPolicy::max_prob:
        leave = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, conf,
                                      thresholds[0]);
        break;
      case ExitPolicy::entropy:
        leave = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE,
                                      extract(entropy, r), thresholds[0]);
        break;
      case ExitPolicy::patience: {
        Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           extract(best, r),
                                           extract(c.prevBest, r));
        Value oneI = arith::ConstantIntOp::create(b, loc, 1, 64);
        Value longer = arith::AddIOp::create(b, loc, extract(c.run, r), oneI);
        Value heads = arith::SelectOp::create(b, loc, same, longer, oneI);
        outRun = tensor::InsertOp::create(b, loc, heads, outRun, r);
        leave = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, heads,
                                      thresholds[0]);
        break;
      }
      case ExitPolicy::recursive: {
        Value confident = arith::CmpFOp::create(
            b, loc, arith::CmpFPredicate::OGE, conf, thresholds[0]);
        Value gain = arith::SubFOp::create(b, loc, conf,
                                           extract(c.prevConfidence, r));
        Value stalled = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                              gain, thresholds[1]);
        Value notConfident = arith::XOrIOp::create(
            b, loc, confident, arith::ConstantIntOp::create(b, loc, 1, 1));
        gainLeave = arith::AndIOp::create(
            b, loc, arith::AndIOp::create(b, loc, notConfident, stalled),
            notFirst);
        leave = arith::OrIOp::create(b, loc, confident, gainLeave);
        break;
      }
      }
      Value exits = arith::OrIOp::create(b, loc, leave, isLast);

      SmallVector<Type> types{outLogits.getType(), outExit.getType(),
                              list.getType(), count.getType()};
      if (outOffload)
        types.push_back(outOffload.getType());
      auto branch = scf::IfOp::create(b, loc, types, exits,
                                      /*withElseRegion=*/true);
      {
        OpBuilder::InsertionGuard inner(b);
        b.setInsertionPointToStart(branch.thenBlock());
        Value sample = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                                  extract(c.active, r));
        SmallVector<OpFoldResult> offsets{r, b.getIndexAttr(0)},
            sizes{b.getIndexAttr(1), classes},
            strides{b.getIndexAttr(1), b.getIndexAttr(1)};
        Value row = tensor::ExtractSliceOp::create(b, loc, logits, offsets,
                                                   sizes, strides);
        SmallVector<OpFoldResult> to{sample, b.getIndexAttr(0)};
        Value newLogits = tensor::InsertSliceOp::create(b, loc, row, outLogits,
                                                        to, sizes, strides);
        Value newExit =
            tensor::InsertOp::create(b, loc, exitStage, outExit, sample);
        SmallVector<Value> yielded{newLogits, newExit, list, count};
        if (outOffload)
          yielded.push_back(
              tensor::InsertOp::create(b, loc, gainLeave, outOffload, sample));
        scf::YieldOp::create(b, loc, yielded);

        b.setInsertionPointToStart(branch.elseBlock());
        Value rowIndex =
            arith::IndexCastOp::create(b, loc, b.getI64Type(), r);
        Value newList = tensor::InsertOp::create(b, loc, rowIndex, list, count);
        SmallVector<Value> kept{outLogits, outExit, newList,
                                arith::AddIOp::create(b, loc, count, one)};
        if (outOffload)
          kept.push_back(outOffload);
        scf::YieldOp::create(b, loc, kept);
      }
      SmallVector<Value> yielded(branch.getResults());
      if (outRun)
        yielded.push_back(outRun);
      scf::YieldOp::create(b, loc, yielded);
    }

    ValueRange results = loop.getResults();
    Carried out;
    out.logits = results[0];
    out.exitIndex = results[1];
    if (c.offload)
      out.offload = results[4];
    SmallVector<OpFoldResult> offsets{b.getIndexAttr(0)}, sizes{results[3]},
        strides{b.getIndexAttr(1)};
    Value kept = tensor::ExtractSliceOp::create(b, loc, results[2], offsets,
                                                sizes, strides);
    for (Value input : next)
      out.inputs.push_back(gatherRows(input, kept));
    out.active = gatherRows(c.active, kept);
    if (policy == ExitPolicy::patience) {
      out.prevBest = gatherRows(best, kept);
      out.run = gatherRows(results[c.offload ? 5 : 4], kept);
    }
    if (policy == ExitPolicy::recursive)
      out.prevConfidence = gatherRows(confidence, kept);
    return out;
  }

  EarlyExitOp op;
  PatternRewriter &b;
  Location loc;
  ExitPolicy policy;
  Value numStages, lastStage;
};

struct LowerEarlyExitOp : OpRewritePattern<EarlyExitOp> {
  using OpRewritePattern::OpRewritePattern;

  // The verifier guarantees what this relies on: body arguments (what is
  // carried from stage to stage) have a dynamic leading batch dimension.
  LogicalResult matchAndRewrite(EarlyExitOp op,
                                PatternRewriter &rewriter) const override {
    EarlyExitLowering(op, rewriter).lower();
    return success();
  }
};

struct LowerEarlyExitPass : dt::impl::LowerEarlyExitBase<LowerEarlyExitPass> {
  void runOnOperation() override {
    // A stage count known to be below one (weights with no exit head) is an
    // error here, at the user's op; otherwise the compiled code checks it.
    WalkResult noStages = getOperation()->walk([](EarlyExitOp op) {
      APInt stages;
      if (matchPattern(op.getNumStages(), m_ConstantInt(&stages)) &&
          stages.getSExtValue() < 1) {
        op.emitOpError("has ")
            << stages.getSExtValue()
            << " stages (the weights give no exit head?): an early exit "
               "needs at least one";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (noStages.wasInterrupted())
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    patterns.add<LowerEarlyExitOp>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
