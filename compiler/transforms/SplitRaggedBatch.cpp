//===- SplitRaggedBatch.cpp - per-sample keep rates as a loop over samples ===//
//
// dt.select_tokens with one rate per sample gives every sample its own token
// count K_b: a ragged batch. Padding it to the largest K_b would compute on
// the padding; instead, what depends on the selection runs once per sample,
// on exactly its K_b tokens, in an scf.for over the batch, while what comes
// before the selection stays batched. Each result is written to its sample's
// row; a result whose extent differs per sample (the kept positions) is
// padded to the largest, with 0 (floats) or -1 (integers), as
// dt.select_tokens documents.
//
// This is exact only when the ops after the selection keep samples apart, so
// each of them (and each function they call) is checked, and anything that
// could mix samples is an error naming the op.
//
//===----------------------------------------------------------------------===//

#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::dt {
#define GEN_PASS_DEF_SPLITRAGGEDBATCH
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;

namespace {

bool hasPerSampleRate(SelectTokensOp op) {
  return isa<RankedTensorType>(op.getRate().getType());
}

int64_t rankOf(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type ? type.getRank() : 0;
}

/// Whether `axis` (negative counts from the end of a rank-`rank` tensor)
/// is the batch axis.
bool isBatchAxis(int64_t axis, int64_t rank) {
  return axis == 0 || (axis < 0 && axis + rank == 0);
}

/// Why `op` may combine values of different samples (axis 0), or an empty
/// string when it keeps them apart. Conservative: an op it does not know is
/// refused.
std::string mixesSamples(Operation *op) {
  if (isa<SoftmaxOp, ArgmaxOp, ConcatOp, SliceOp, GatherOp, SqueezeOp,
          ExpandDimsOp, IotaOp>(op)) {
    // `axis` counts in the result where it names a new or joined axis.
    int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
    bool ofResult = isa<ConcatOp, ExpandDimsOp, IotaOp>(op);
    int64_t rank = rankOf(ofResult ? op->getResult(0) : op->getOperand(0));
    if (!isBatchAxis(axis, rank))
      return "";
    return isa<IotaOp>(op) ? "numbers the samples" : "works along the batch axis";
  }
  if (isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp>(op)) {
    auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
    int64_t rank = rankOf(op->getOperand(0));
    return llvm::any_of(axes, [&](int64_t a) { return isBatchAxis(a, rank); })
               ? "reduces over the batch axis" : "";
  }
  if (auto transpose = dyn_cast<TransposeOp>(op))
    return transpose.getPermutation()[0] != 0 ? "moves the batch axis" : "";
  if (auto reshape = dyn_cast<ReshapeOp>(op)) {
    // Keeps the batch axis when the extents after it are static and hold as
    // many elements before as after.
    auto tail = [](Value v) -> int64_t {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getRank() == 0)
        return -1;
      int64_t n = 1;
      for (int64_t d : type.getShape().drop_front()) {
        if (ShapedType::isDynamic(d))
          return -1;
        n *= d;
      }
      return n;
    };
    int64_t in = tail(reshape.getInput()), out = tail(reshape.getResult());
    return in >= 0 && in == out ? "" : "may move the batch axis";
  }
  if (auto broadcast = dyn_cast<BroadcastOp>(op))
    return rankOf(broadcast.getInput()) == rankOf(broadcast.getResult())
               ? "" : "may move the batch axis";
  if (op->hasAttr("capacity_factor"))
    return "shares its expert capacity across the batch";
  if (isa<DtDialect, arith::ArithDialect, math::MathDialect, scf::SCFDialect,
          cf::ControlFlowDialect>(op->getDialect()) ||
      isa<func::CallOp, func::ReturnOp, tensor::DimOp, tensor::CastOp>(op))
    return "";
  return "is not known to keep samples apart";
}

class BatchSplitter {
public:
  BatchSplitter(func::FuncOp func, SymbolTableCollection &symbols)
      : func(func), symbols(symbols), entry(func.getBody().front()) {}

  LogicalResult run();

private:
  enum class Kind { Shared, PerSample, BatchExtent };

  Operation *topLevel(Value v) {
    Operation *def = v.getDefiningOp();
    if (!def) {
      auto arg = cast<BlockArgument>(v);
      if (arg.getOwner() == &entry)
        return nullptr;
      def = arg.getOwner()->getParentOp();
    }
    return entry.findAncestorOpInBlock(*def);
  }

  /// Calls `fn` on every value `op` (or an op nested in it) uses from
  /// outside `op`.
  template <typename Fn>
  void forEachUsedValue(Operation *op, Fn fn) {
    op->walk([&](Operation *inner) {
      for (Value v : inner->getOperands()) {
        Operation *def = v.getDefiningOp();
        Region *region = def ? def->getParentRegion()
                             : cast<BlockArgument>(v).getOwner()->getParent();
        if (inner == op || !op->isAncestor(region->getParentOp()))
          fn(v);
      }
    });
  }

  /// A broadcast or iota whose leading extent, and only that one, is the
  /// batch extent (the class token given to every sample): one row per
  /// sample.
  bool sizedByBatch(Operation *op) {
    ValueRange sizes;
    if (auto broadcast = dyn_cast<BroadcastOp>(op))
      sizes = broadcast.getDynamicSizes();
    else if (auto iota = dyn_cast<IotaOp>(op))
      sizes = iota.getDynamicSizes();
    else
      return false;
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    auto isExtent = [&](Value v) {
      return kinds.lookup(v) == Kind::BatchExtent;
    };
    // A shared input may gain the batch axis; a per-sample one must keep it.
    auto broadcast = dyn_cast<BroadcastOp>(op);
    bool keepsAxis = !broadcast ||
                     kinds.lookup(broadcast.getInput()) != Kind::PerSample ||
                     mixesSamples(op).empty();
    return type.isDynamicDim(0) && isExtent(sizes.front()) &&
           llvm::none_of(sizes.drop_front(), isExtent) && keepsAxis;
  }

  LogicalResult checkSeparable(Operation *op);
  FailureOr<Kind> classify(Value v, Operation *user);
  LogicalResult split(SelectTokensOp select);
  Value padValue(OpBuilder &b, Location loc, Type element);
  SmallVector<Value> runSample(OpBuilder &b, Value sample);
  Value widen(OpBuilder &b, Location loc, Value acc, Value row, Value batch);

  func::FuncOp func;
  SymbolTableCollection &symbols;
  Block &entry;
  DenseMap<Value, Kind> kinds;
  DenseSet<Operation *> checkedCallees;

  // The split being built.
  SelectTokensOp select;
  llvm::SetVector<Operation *> slice; // the selection and what depends on it
  llvm::MapVector<Value, Kind> outer; // what the slice uses from before it
  SmallVector<Value> results;         // the slice's values that are returned
};

/// Every op in `op` and in the functions it calls must keep samples apart.
LogicalResult BatchSplitter::checkSeparable(Operation *op) {
  WalkResult result = op->walk([&](Operation *inner) {
    std::string why = mixesSamples(inner);
    if (!why.empty()) {
      InFlightDiagnostic diag = inner->emitError()
          << "cannot run per sample after a selection with per-sample rates: '"
          << inner->getName() << "' " << why;
      return WalkResult::interrupt();
    }
    if (auto call = dyn_cast<func::CallOp>(inner)) {
      auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (!callee || callee.isExternal()) {
        call.emitError() << "cannot run per sample after a selection with "
                            "per-sample rates: the callee has no body to check";
        return WalkResult::interrupt();
      }
      if (checkedCallees.insert(callee).second &&
          failed(checkSeparable(callee)))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

/// Whether `v`, computed before the selection and used after it, has one row
/// per sample (sliced per sample), is shared by all samples (used as is), or
/// is the batch extent itself (1 per sample).
FailureOr<BatchSplitter::Kind> BatchSplitter::classify(Value v,
                                                       Operation *user) {
  if (auto it = kinds.find(v); it != kinds.end())
    return it->second;
  Kind kind = Kind::Shared;
  Operation *def = v.getDefiningOp();
  if (!def) {
    kind = rankOf(v) > 0 ? Kind::PerSample : Kind::Shared;
  } else if (auto dim = dyn_cast<tensor::DimOp>(def);
             dim && dim.getConstantIndex() == 0) {
    FailureOr<Kind> source = classify(dim.getSource(), user);
    if (failed(source))
      return failure();
    kind = *source == Kind::PerSample ? Kind::BatchExtent : Kind::Shared;
  } else {
    bool perSample = false, extent = false;
    LogicalResult ok = success();
    forEachUsedValue(def, [&](Value used) {
      if (failed(ok))
        return;
      FailureOr<Kind> k = classify(used, user);
      if (failed(k)) {
        ok = failure();
        return;
      }
      perSample |= *k == Kind::PerSample;
      extent |= *k == Kind::BatchExtent;
    });
    if (failed(ok))
      return failure();
    // A tensor built with the batch extent as its leading size (the class
    // token broadcast to every sample) has one row per sample.
    bool sized = extent && sizedByBatch(def);
    if (sized) {
      extent = false;
      perSample = true;
    }
    if (extent || (perSample && !sized && !mixesSamples(def).empty())) {
      user->emitError() << "cannot run per sample after a selection with "
                           "per-sample rates: an operand comes from '"
                        << def->getName()
                        << "', which does not keep one row per sample";
      return failure();
    }
    kind = perSample && rankOf(v) > 0 ? Kind::PerSample : Kind::Shared;
  }
  if (kind == Kind::PerSample &&
      !cast<RankedTensorType>(v.getType()).isDynamicDim(0)) {
    user->emitError() << "per-sample rates need a dynamic batch dimension, "
                         "but an operand has type "
                      << v.getType();
    return failure();
  }
  kinds[v] = kind;
  return kind;
}

Value BatchSplitter::padValue(OpBuilder &b, Location loc, Type element) {
  if (auto f = dyn_cast<FloatType>(element))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(f, 0.0));
  // Integer results with a ragged extent are positions: -1 marks "none".
  int64_t none = element.isInteger(1) ? 0 : -1;
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, none));
}

/// `acc` ([B, ...]) grown where `row` ([1, ...]) is wider, the new room
/// filled with the pad value.
Value BatchSplitter::widen(OpBuilder &b, Location loc, Value acc, Value row,
                           Value batch) {
  auto type = cast<RankedTensorType>(acc.getType());
  Value grows = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    if (d == 0) {
      sizes.push_back(batch);
      continue;
    }
    Value have = tensor::DimOp::create(b, loc, acc, d);
    Value need = tensor::DimOp::create(b, loc, row, d);
    grows = arith::OrIOp::create(
        b, loc, grows,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, have, need));
    sizes.push_back(arith::MaxUIOp::create(b, loc, have, need));
  }
  if (sizes.size() == (type.isDynamicDim(0) ? 1u : 0u))
    return acc;
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{type}, grows,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value wider = tensor::EmptyOp::create(b, loc, type.getShape(),
                                        type.getElementType(), sizes);
  wider = linalg::FillOp::create(
              b, loc, ValueRange{padValue(b, loc, type.getElementType())},
              ValueRange{wider})
              .getResult(0);
  SmallVector<OpFoldResult> zeros(type.getRank(), b.getIndexAttr(0)),
      ones(type.getRank(), b.getIndexAttr(1));
  scf::YieldOp::create(
      b, loc,
      Value(tensor::InsertSliceOp::create(b, loc, acc, wider, zeros,
                                          tensor::getMixedSizes(b, loc, acc),
                                          ones)));
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, acc);
  return ifOp.getResult(0);
}

/// Sample `sample`'s rate from `rates`, checked to lie in (0, 1].
Value sampleRate(OpBuilder &b, Location loc, Value rates, Value sample) {
  Value rate = tensor::ExtractOp::create(b, loc, rates, ValueRange{sample});
  Type type = rate.getType();
  Value zero = arith::ConstantOp::create(b, loc, b.getFloatAttr(type, 0.0));
  Value one = arith::ConstantOp::create(b, loc, b.getFloatAttr(type, 1.0));
  Value inRange = arith::AndIOp::create(
      b, loc,
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, rate, zero),
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, rate, one));
  cf::AssertOp::create(b, loc, inRange,
                       "dt.select_tokens: a per-sample keep rate lies outside "
                       "(0, 1]");
  return rate;
}

/// Clones the slice for one sample (an index value): its rows of the
/// per-sample values, its rate, and the ops after the selection. Returns the
/// sample's row of each returned value.
SmallVector<Value> BatchSplitter::runSample(OpBuilder &b, Value sample) {
  Location loc = select.getLoc();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto rowOf = [&](Value v) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0)),
        strides(type.getRank(), b.getIndexAttr(1));
    // The size is a Value, so the type keeps its dynamic batch extent and
    // the cloned ops their types.
    SmallVector<OpFoldResult> sizes{one};
    for (int64_t d = 1; d < type.getRank(); ++d)
      sizes.push_back(tensor::getMixedSize(b, loc, v, d));
    offsets[0] = sample;
    return tensor::ExtractSliceOp::create(b, loc, type, v, offsets, sizes,
                                          strides);
  };
  IRMapping map;
  for (auto [v, kind] : outer) {
    if (kind == Kind::PerSample)
      map.map(v, rowOf(v));
    else if (kind == Kind::BatchExtent)
      map.map(v, one);
  }
  IRMapping selectMap;
  selectMap.map(select.getInput(), rowOf(select.getInput()));
  selectMap.map(select.getScores(), rowOf(select.getScores()));
  Value rate = sampleRate(b, loc, select.getRate(), sample);
  Operation *first = b.clone(*select, selectMap);
  first->setOperand(select.getRateMutable().getOperandNumber(), rate);
  map.map(select->getResults(), first->getResults());
  for (Operation *op : slice.getArrayRef().drop_front())
    b.clone(*op, map);

  // A later per-sample selection now sees one sample: row 0 of its rates,
  // or row `sample` where the rates come from before the split unsliced.
  for (Operation *op : slice.getArrayRef().drop_front())
    op->walk([&](SelectTokensOp later) {
      if (!hasPerSampleRate(later))
        return;
      auto clone = cast<SelectTokensOp>(map.lookup(later.getOperation()));
      Value rates = clone.getRate();
      OpBuilder lb(clone);
      Value row = rates == later.getRate()
                      ? sample
                      : arith::ConstantIndexOp::create(lb, loc, 0).getResult();
      clone.getRateMutable().assign(sampleRate(lb, clone.getLoc(), rates, row));
    });
  return llvm::map_to_vector(results, [&](Value v) { return map.lookup(v); });
}

LogicalResult BatchSplitter::split(SelectTokensOp selectOp) {
  select = selectOp;
  // The slice: every later op that uses the selection, directly or not.
  slice.insert(select);
  for (Operation *op = select->getNextNode(); op != entry.getTerminator();
       op = op->getNextNode()) {
    bool uses = false;
    forEachUsedValue(op, [&](Value v) {
      Operation *top = topLevel(v);
      uses |= top && slice.contains(top);
    });
    if (uses)
      slice.insert(op);
  }
  for (Operation *op : slice.getArrayRef().drop_front())
    if (failed(checkSeparable(op)))
      return failure();

  // What the slice uses from before it: one row per sample, or shared.
  llvm::MapVector<Value, Operation *> used;
  for (Operation *op : slice.getArrayRef().drop_front())
    forEachUsedValue(op, [&](Value v) {
      Operation *top = topLevel(v);
      if (!top || !slice.contains(top))
        used.insert({v, op});
    });
  for (auto [v, user] : used) {
    FailureOr<Kind> kind = classify(v, user);
    if (failed(kind))
      return failure();
    outer.insert({v, *kind});
  }
  for (Value v : {select.getInput(), select.getScores()}) {
    FailureOr<Kind> kind = classify(v, select);
    if (failed(kind))
      return failure();
    if (*kind != Kind::PerSample)
      return select.emitError()
             << "per-sample rates need the input and scores to have one row "
                "per sample";
  }

  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  SmallVector<unsigned> positions;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    Operation *top = topLevel(v);
    if (!top || !slice.contains(top))
      continue;
    if (rankOf(v) == 0)
      return ret.emitError() << "result #" << i
                             << " depends on a selection with per-sample "
                                "rates but has no batch dimension";
    positions.push_back(i);
    results.push_back(v);
  }

  OpBuilder b(ret);
  Location loc = select.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value batch = tensor::DimOp::create(b, loc, select.getInput(), 0);
  Value rates = select.getRate();
  Value sameLength = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, batch,
      tensor::DimOp::create(b, loc, rates, 0));
  cf::AssertOp::create(b, loc, sameLength,
                       "dt.select_tokens: the per-sample rates must have one "
                       "entry per sample");
  cf::AssertOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, batch, one),
      "dt.select_tokens: per-sample rates need at least one sample");

  // The sample with the largest rate runs first: with one selection its
  // results are the widest (extents grow with the kept count), so the
  // others fit in their rows without reallocating. (After a second
  // per-sample selection another sample may be wider; `widen` copies.)
  Type rateType = cast<RankedTensorType>(rates.getType()).getElementType();
  Value lowest = arith::ConstantOp::create(b, loc, b.getFloatAttr(rateType, -1.0));
  auto argmax = scf::ForOp::create(b, loc, zero, batch, one,
                                   ValueRange{zero, lowest});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(argmax.getBody());
    Value i = argmax.getInductionVar();
    Value rate = sampleRate(b, loc, rates, i);
    Value better = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                         rate, argmax.getRegionIterArgs()[1]);
    scf::YieldOp::create(
        b, loc,
        ValueRange{arith::SelectOp::create(b, loc, better, i,
                                           argmax.getRegionIterArgs()[0]),
                   arith::SelectOp::create(b, loc, better, rate,
                                           argmax.getRegionIterArgs()[1])});
  }
  Value widest = argmax.getResult(0);
  SmallVector<Value> init;
  auto insertRow = [&](Value row, Value into, Value sample) -> Value {
    auto type = cast<RankedTensorType>(into.getType());
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0)),
        strides(type.getRank(), b.getIndexAttr(1));
    offsets[0] = sample;
    return tensor::InsertSliceOp::create(
        b, loc, row, into, offsets, tensor::getMixedSizes(b, loc, row), strides);
  };
  for (Value row : runSample(b, widest)) {
    auto type = cast<RankedTensorType>(row.getType());
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(d == 0 ? batch
                               : tensor::DimOp::create(b, loc, row, d).getResult());
    Value acc = tensor::EmptyOp::create(b, loc, type.getShape(),
                                        type.getElementType(), sizes);
    // Narrower samples leave the pad value in the rest of their row.
    if (sizes.size() > (type.isDynamicDim(0) ? 1u : 0u))
      acc = linalg::FillOp::create(b, loc,
                                   ValueRange{padValue(b, loc, type.getElementType())},
                                   ValueRange{acc})
                .getResult(0);
    init.push_back(insertRow(row, acc, widest));
  }

  auto loop = scf::ForOp::create(b, loc, zero, batch, one, init);
  b.setInsertionPointToStart(loop.getBody());
  Value sample = loop.getInductionVar();
  Value other = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                      sample, widest);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange(ValueRange(init)), other,
                                /*withElseRegion=*/true);
  b.setInsertionPointToStart(ifOp.thenBlock());
  SmallVector<Value> rows;
  for (auto [row, acc] :
       llvm::zip_equal(runSample(b, sample), loop.getRegionIterArgs()))
    rows.push_back(insertRow(row, widen(b, loc, acc, row, batch), sample));
  scf::YieldOp::create(b, loc, rows);
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, loop.getRegionIterArgs());
  b.setInsertionPointAfter(ifOp);
  scf::YieldOp::create(b, loc, ifOp.getResults());

  for (auto [k, i] : llvm::enumerate(positions))
    ret.setOperand(i, loop.getResult(k));
  for (Operation *op : llvm::reverse(slice.getArrayRef()))
    op->erase();
  return success();
}

LogicalResult BatchSplitter::run() {
  if (func.isExternal())
    return success();
  // The first op of the body that is, or holds, a per-sample selection.
  for (Operation &op : entry) {
    SelectTokensOp first;
    op.walk([&](SelectTokensOp s) {
      if (!first && hasPerSampleRate(s))
        first = s;
    });
    if (!first)
      continue;
    if (first != &op)
      return first.emitError()
             << "a selection with per-sample rates must sit at the top level "
                "of its function, not inside '"
             << op.getName() << "'";
    return split(first);
  }
  return success();
}

struct SplitRaggedBatchPass
    : dt::impl::SplitRaggedBatchBase<SplitRaggedBatchPass> {
  void runOnOperation() override {
    SymbolTableCollection symbols;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (failed(BatchSplitter(func, symbols).run()))
        return signalPassFailure();
    // Anything left was not after the first selection of its function.
    WalkResult left = getOperation().walk([](SelectTokensOp s) {
      if (!hasPerSampleRate(s))
        return WalkResult::advance();
      s.emitError() << "cannot split the batch at this selection with "
                       "per-sample rates: it does not follow its function's "
                       "first one";
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
