//===- ParallelLoopsToTasks.cpp - generated loops on the runtime's pool ---===//
//
// The loops dtc generates (norms, softmax, elementwise, attention's softmax
// steps) are a tenth of a ViT's single-thread time, so on two threads they
// would cost a fifth if they stayed on the caller. Each outermost scf.parallel
// becomes a task function over a range of its outer iterations, called
// through dtc_rt_parallel_for, which splits the range over the session's pool
// (or runs it inline when the work is too small to wake a worker). The task
// reads the values its body uses from a context struct on the caller's
// stack; its signature, (context, begin, end), is the same for every loop,
// so the runtime needs no knowledge of the body.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cpu/OutlinedContext.h"
#include "compiler/backends/cpu/RuntimeCalls.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_PARALLELLOOPSTOTASKS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr StringLiteral kParallelForName = "dtc_rt_parallel_for";
/// What a loop whose trip count the caller cannot compute is assumed to run.
constexpr int64_t kUnknownTripCount = 16;

/// Whether `loop`'s body may run on a worker thread. Calls are kept on the
/// caller: the runtime functions compiled code calls (dtc_rt_fail,
/// dtc_rt_count, dtc_rt_alloc) act on the calling thread's session.
bool runsOnWorkers(scf::ParallelOp loop) {
  if (loop.getNumResults() != 0)
    return false;
  return !loop.getBody()
              ->walk([](Operation *op) {
                if (isa<CallOpInterface, memref::AllocOp, memref::ReallocOp,
                        memref::DeallocOp, memref::CopyOp>(op))
                  return WalkResult::interrupt();
                return WalkResult::advance();
              })
              .wasInterrupted();
}

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// ceil((ub - lb) / step), or 0 for an empty range; steps are positive.
Value tripCount(OpBuilder &b, Location loc, Value lb, Value ub, Value step) {
  Value zero = constantIndex(b, loc, 0), one = constantIndex(b, loc, 1);
  Value span = b.createOrFold<arith::MaxSIOp>(
      loc, b.createOrFold<arith::SubIOp>(loc, ub, lb), zero);
  Value rounded = b.createOrFold<arith::AddIOp>(
      loc, span, b.createOrFold<arith::SubIOp>(loc, step, one));
  return b.createOrFold<arith::DivUIOp>(loc, rounded, step);
}

Value product(OpBuilder &b, Location loc, ArrayRef<Value> factors) {
  Value result = constantIndex(b, loc, 1);
  for (Value factor : factors)
    result = b.createOrFold<arith::MulIOp>(loc, result, factor);
  return result;
}

/// The operations one run of `block` executes, computed before `root`:
/// nested loops count their trip count times, when their bounds are known
/// there.
Value estimateCost(OpBuilder &b, Location loc, Block &block,
                   scf::ParallelOp root) {
  auto knownBefore = [&](Value v) {
    return !root->isAncestor(v.getParentRegion()->getParentOp());
  };
  int64_t flat = 0;
  Value nested = constantIndex(b, loc, 0);
  for (Operation &op : block) {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      Value trips = llvm::all_of(ValueRange{loop.getLowerBound(),
                                            loop.getUpperBound(),
                                            loop.getStep()},
                                 knownBefore)
                        ? tripCount(b, loc, loop.getLowerBound(),
                                    loop.getUpperBound(), loop.getStep())
                        : constantIndex(b, loc, kUnknownTripCount);
      Value body = estimateCost(b, loc, *loop.getBody(), root);
      nested = b.createOrFold<arith::AddIOp>(
          loc, nested, b.createOrFold<arith::MulIOp>(loc, trips, body));
      continue;
    }
    ++flat;
    for (Region &region : op.getRegions())
      for (Block &inner : region)
        nested = b.createOrFold<arith::AddIOp>(
            loc, nested, estimateCost(b, loc, inner, root));
  }
  return b.createOrFold<arith::AddIOp>(loc, nested,
                                       constantIndex(b, loc, flat));
}

/// (context, begin, end) -> (): every task's signature.
FunctionType getTaskType(MLIRContext *context) {
  auto indexType = IndexType::get(context);
  return FunctionType::get(
      context, {LLVM::LLVMPointerType::get(context), indexType, indexType}, {});
}

class Outliner {
public:
  Outliner(ModuleOp module, SymbolTable &symbols)
      : module_(module), symbols_(symbols),
        converter_(module.getContext()) {}

  /// Replaces `loop` by a call of dtc_rt_parallel_for (declared already)
  /// over a new task, or leaves it when a value its body uses has no LLVM
  /// type.
  void outline(scf::ParallelOp loop);

  /// The functions outline changed or created.
  ArrayRef<Operation *> changed() const { return changed_.getArrayRef(); }

private:
  llvm::SetVector<Operation *> changed_;
  ModuleOp module_;
  SymbolTable &symbols_;
  LLVMTypeConverter converter_;
};

void Outliner::outline(scf::ParallelOp loop) {
  MLIRContext *context = loop.getContext();
  Location loc = loop.getLoc();
  auto taskType = getTaskType(context);
  auto parent = loop->getParentOfType<func::FuncOp>();
  unsigned rank = loop.getNumLoops();
  // A straight-line body keeps its innermost dimension as a loop of its own
  // in the task, the one LLVM vectorises; a body with loops of its own is
  // heavy enough per iteration to split over every dimension.
  bool hasLoops = loop.getBody()
                      ->walk([](LoopLikeOpInterface) {
                        return WalkResult::interrupt();
                      })
                      .wasInterrupted();
  unsigned split = (rank == 1 || hasLoops) ? rank : rank - 1;

  // Every value the task reads must have an LLVM type to live in the
  // context; checked before anything is rewritten.
  llvm::SetVector<Value> used;
  getUsedValuesDefinedAbove(loop.getRegion(), used);
  for (unsigned d = 0; d < rank; ++d) {
    used.insert(loop.getLowerBound()[d]);
    used.insert(loop.getStep()[d]);
    if (d >= split)
      used.insert(loop.getUpperBound()[d]);
  }
  FailureOr<dtc::cpu::OutlinedContext> captured =
      dtc::cpu::OutlinedContext::get(used.getArrayRef(), converter_);
  if (failed(captured))
    return;

  OpBuilder b(loop);
  SmallVector<Value> counts;
  for (unsigned d = 0; d < rank; ++d)
    counts.push_back(tripCount(b, loc, loop.getLowerBound()[d],
                               loop.getUpperBound()[d], loop.getStep()[d]));
  Value outerCount = product(b, loc, ArrayRef(counts).take_front(split));
  Value costPerIteration = b.createOrFold<arith::MulIOp>(
      loc, product(b, loc, ArrayRef(counts).drop_front(split)),
      estimateCost(b, loc, *loop.getBody(), loop));
  // The counts of the split dimensions map an outer iteration to
  // induction variables.
  for (unsigned d = 1; d < split; ++d)
    (void)captured->add(counts[d]); // an index: always has an LLVM type
  Value contextPtr = captured->allocate(parent, loc);
  captured->store(b, loc, contextPtr);

  // The task: for each outer iteration in [begin, end), the induction
  // variables of the split dimensions, then the body (inside a loop over
  // the others).
  OpBuilder top = OpBuilder::atBlockEnd(module_.getBody());
  std::string name = dtc::cpu::uniqueSymbolName(
      symbols_, "__dtc_task_" + parent.getSymName() + "_");
  auto task = func::FuncOp::create(top, loc, name, taskType);
  task.setPrivate();
  symbols_.insert(task);
  changed_.insert(parent);
  changed_.insert(task);
  Block *entry = task.addEntryBlock();
  OpBuilder t = OpBuilder::atBlockBegin(entry);
  IRMapping mapping;
  captured->load(t, loc, entry->getArgument(0), mapping);
  func::ReturnOp::create(t, loc);
  t.setInsertionPoint(entry->getTerminator());

  auto cloneBody = [&](OpBuilder &builder) {
    for (Operation &op : loop.getBody()->without_terminator())
      builder.clone(op, mapping);
  };
  auto outer = scf::ForOp::create(t, loc, entry->getArgument(1),
                                  entry->getArgument(2),
                                  constantIndex(t, loc, 1));
  t.setInsertionPointToStart(outer.getBody());
  Value remaining = outer.getInductionVar();
  for (int d = int(split) - 1; d >= 0; --d) {
    Value index = remaining;
    if (d > 0) {
      Value count = mapping.lookup(counts[d]);
      index = arith::RemUIOp::create(t, loc, remaining, count);
      remaining = arith::DivUIOp::create(t, loc, remaining, count);
    }
    Value iv = t.createOrFold<arith::AddIOp>(
        loc, mapping.lookup(loop.getLowerBound()[d]),
        t.createOrFold<arith::MulIOp>(loc, index,
                                      mapping.lookup(loop.getStep()[d])));
    mapping.map(loop.getInductionVars()[d], iv);
  }
  if (split == rank) {
    cloneBody(t);
  } else {
    auto lookup = [&](ValueRange values) {
      return llvm::map_to_vector(values.drop_front(split), [&](Value v) {
        return mapping.lookup(v);
      });
    };
    scf::ParallelOp::create(
        t, loc, lookup(loop.getLowerBound()), lookup(loop.getUpperBound()),
        lookup(loop.getStep()), [&](OpBuilder &inner, Location, ValueRange ivs) {
          // A named copy: a temporary inside the range-for's expression
          // would die before the loop body reads it.
          SmallVector<Value> inductionVars(loop.getInductionVars());
          for (auto [old, iv] :
               llvm::zip(ArrayRef(inductionVars).drop_front(split), ivs))
            mapping.map(old, iv);
          cloneBody(inner);
        });
  }

  Value taskPtr = func::ConstantOp::create(b, loc, taskType, name);
  func::CallOp::create(b, loc, kParallelForName, TypeRange{},
                       ValueRange{taskPtr, contextPtr, outerCount,
                                  costPerIteration});
  loop.erase();
}

struct ParallelLoopsToTasksPass
    : dtc::cpu::impl::ParallelLoopsToTasksBase<ParallelLoopsToTasksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ParallelOp> loops;
    for (auto func : module.getOps<func::FuncOp>()) {
      // Code the runtime calls back may already run on a worker.
      if (func->hasAttr(dtc::cpu::kCallbackAttr))
        continue;
      func.walk<WalkOrder::PreOrder>([&](scf::ParallelOp loop) {
        if (runsOnWorkers(loop))
          loops.push_back(loop);
        // Loops nested in one split over the pool run inside its tasks.
        return WalkResult::skip();
      });
    }
    if (loops.empty())
      return;
    SymbolTable symbols(module);
    MLIRContext *context = &getContext();
    auto indexType = IndexType::get(context);
    if (failed(dtc::cpu::declareRuntimeFunction(
            symbols, kParallelForName,
            FunctionType::get(context,
                              {getTaskType(context),
                               LLVM::LLVMPointerType::get(context), indexType,
                               indexType},
                              {}))))
      return signalPassFailure();
    Outliner outliner(module, symbols);
    for (scf::ParallelOp loop : loops)
      outliner.outline(loop);
    // Folding the trip counts leaves constants behind.
    IRRewriter rewriter(&getContext());
    for (Operation *func : outliner.changed())
      (void)runRegionDCE(rewriter, func->getRegions());
  }
};

} // namespace
