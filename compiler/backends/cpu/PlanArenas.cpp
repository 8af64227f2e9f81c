//===- PlanArenas.cpp - activations in one arena per block ----------------===//
//
// After bufferization every activation is its own memref.alloc. This pass
// plans them at compile time, one block at a time: the buffers a block
// allocates and that do not outlive it (not returned, not yielded, not
// passed to a call) get slots of one arena by liveness, so that buffers
// whose lives do not overlap share memory, and the block allocates once
// instead of once per buffer.
//
// Sizes are often run-time values (the batch, the kept-token count), so the
// plan is symbolic: which buffers share a slot is decided here; a slot's size
// (the largest of its buffers) and its offset are computed at the start of
// the block from the buffers' dynamic sizes. A buffer whose size is not known
// there (it depends on something the block computes) keeps its own
// allocation.
//
// This walks blocks rather than rewriting ops one by one because the plan is
// a property of a whole block: every candidate's live range is needed before
// any slot is chosen.
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace dtc::cpu {
#define GEN_PASS_DEF_PLANARENAS
#include "compiler/backends/cpu/Passes.h.inc"
} // namespace dtc::cpu

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

/// One planned buffer: its allocation and live range (positions of ops in
/// the block: the allocation and the last op that uses the buffer or a view
/// of it, directly or in a nested region).
struct Buffer {
  memref::AllocOp alloc;
  unsigned start = 0, end = 0;
  int64_t staticBytes = 1; // element size times the static dims
  unsigned slot = 0;
};

/// Whether two buffers have the same size expression.
bool sameSize(Buffer &a, Buffer &b) {
  return a.staticBytes == b.staticBytes &&
         llvm::equal(a.alloc.getDynamicSizes(), b.alloc.getDynamicSizes());
}

/// Bytes of one element of a buffer dtc plans, or 0 for other types.
int64_t elementBytes(Type type) {
  if (type.isIndex())
    return 8;
  if (type.isIntOrFloat())
    return (type.getIntOrFloatBitWidth() + 7) / 8;
  return 0;
}

/// Whether `value` can be used at `point` (in `block`), if the pure ops in
/// `toMove` are moved before it. Appends the ops to move, operands first.
bool availableAt(Value value, Block &block, Operation *point,
                 SetVector<Operation *> &toMove) {
  Operation *def = value.getDefiningOp();
  // Block arguments and values of enclosing blocks dominate the block.
  if (!def || def->getBlock() != &block)
    return true;
  if (def->isBeforeInBlock(point) || toMove.contains(def))
    return true;
  if (!isPure(def) || def->getNumRegions() != 0)
    return false;
  for (Value operand : def->getOperands())
    if (!availableAt(operand, block, point, toMove))
      return false;
  toMove.insert(def);
  return true;
}

/// The position in `block` of the last op that uses the buffer of `alloc`
/// (through any alias), or nothing when the buffer may outlive the block.
std::optional<unsigned>
lastUse(memref::AllocOp alloc, Block &block,
        const BufferViewFlowAnalysis &aliases,
        const DenseMap<Operation *, unsigned> &positions) {
  unsigned end = positions.lookup(alloc);
  for (Value alias : aliases.resolve(alloc.getResult())) {
    for (Operation *user : alias.getUsers()) {
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (!ancestor || ancestor == block.getTerminator() ||
          isa<CallOpInterface>(user))
        return std::nullopt;
      end = std::max(end, positions.lookup(ancestor));
    }
  }
  return end;
}

struct PlanArenasPass : dtc::cpu::impl::PlanArenasBase<PlanArenasPass> {
  void runOnOperation() override {
    BufferViewFlowAnalysis aliases(getOperation());
    // Plans are found first, for every block, against one alias analysis;
    // then applied.
    SmallVector<SmallVector<Buffer>> arenas;
    getOperation()->walk([&](Block *block) {
      for (SmallVector<Buffer> &arena : planBlock(*block, aliases))
        arenas.push_back(std::move(arena));
    });
    for (SmallVector<Buffer> &arena : arenas)
      apply(arena);
  }

  /// The allocations of `block` that can live in an arena, with their live
  /// ranges and slots, by arena; moves the pure ops their sizes need before
  /// their arena.
  SmallVector<SmallVector<Buffer>> planBlock(Block &block,
                                  const BufferViewFlowAnalysis &aliases) {
    if (block.empty() || !block.back().hasTrait<OpTrait::IsTerminator>())
      return {};
    DenseMap<Operation *, unsigned> positions;
    for (auto [i, op] : llvm::enumerate(block))
      positions[&op] = i;

    SmallVector<Buffer> buffers;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      MemRefType type = alloc.getType();
      int64_t bytes = elementBytes(type.getElementType());
      if (!type.getLayout().isIdentity() || bytes == 0 ||
          !alloc.getSymbolOperands().empty() ||
          (alloc.getAlignment() && kAlignment % *alloc.getAlignment() != 0))
        continue;
      std::optional<unsigned> end = lastUse(alloc, block, aliases, positions);
      if (!end)
        continue;
      for (int64_t dim : type.getShape())
        if (!ShapedType::isDynamic(dim))
          bytes *= dim;
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.start = positions.lookup(alloc);
      buffer.end = *end;
      buffer.staticBytes = bytes;
      buffers.push_back(buffer);
    }
    // An arena is allocated where its first buffer was. Buffers whose
    // dynamic sizes cannot be computed there (they depend on something the
    // block computes after it) go to a later arena, started at the first of
    // them; the first buffer's sizes are always known at its own allocation.
    SmallVector<SmallVector<Buffer>> arenas;
    while (buffers.size() >= 2) {
      Operation *point = buffers.front().alloc;
      SetVector<Operation *> toMove;
      SmallVector<Buffer> planned, later;
      for (Buffer &buffer : buffers) {
        SetVector<Operation *> tentative = toMove;
        if (llvm::all_of(buffer.alloc.getDynamicSizes(), [&](Value size) {
              return availableAt(size, block, point, tentative);
            })) {
          toMove = std::move(tentative);
          planned.push_back(buffer);
        } else {
          later.push_back(buffer);
        }
      }
      buffers = std::move(later);
      if (planned.size() < 2)
        continue;
      // Moved in their order in the block, so operands stay first.
      SmallVector<Operation *> ordered = toMove.takeVector();
      llvm::sort(ordered, [](Operation *a, Operation *b) {
        return a->isBeforeInBlock(b);
      });
      for (Operation *op : ordered)
        op->moveBefore(point);
      assignSlots(planned);
      arenas.push_back(std::move(planned));
    }
    return arenas;
  }

  /// Greedy interval colouring in order of allocation: a buffer takes a
  /// slot whose last buffer is dead by then (sharing never costs more than
  /// a new slot, as a slot is as large as its largest buffer), preferring
  /// one whose buffers have the same size expression.
  static void assignSlots(SmallVector<Buffer> &buffers) {
    struct Slot {
      unsigned freeAfter;
      Buffer *last;
    };
    SmallVector<Slot> slots;
    for (Buffer &buffer : buffers) {
      Slot *chosen = nullptr;
      for (Slot &slot : slots) {
        if (slot.freeAfter >= buffer.start)
          continue;
        if (!chosen || (sameSize(*slot.last, buffer) &&
                        !sameSize(*chosen->last, buffer)))
          chosen = &slot;
      }
      if (!chosen) {
        slots.push_back({0, nullptr});
        chosen = &slots.back();
      }
      buffer.slot = chosen - slots.begin();
      chosen->freeAfter = buffer.end;
      chosen->last = &buffer;
    }
  }

  /// Allocates an arena before its first buffer and replaces each buffer by
  /// a view at its slot's offset.
  void apply(SmallVector<Buffer> &buffers) {
    OpBuilder b(buffers.front().alloc);
    Location loc = buffers.front().alloc.getLoc();
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    // Each slot's size is the largest of its buffers', rounded up so that
    // every slot starts aligned.
    unsigned slotCount = 0;
    for (const Buffer &buffer : buffers)
      slotCount = std::max(slotCount, buffer.slot + 1);
    SmallVector<Value> slotBytes(slotCount);
    Value roundUp = constant(kAlignment - 1), mask = constant(-kAlignment);
    // Buffers of one size expression share its computation.
    SmallVector<std::pair<Buffer *, Value>> sizes;
    for (Buffer &buffer : buffers) {
      auto known = llvm::find_if(sizes, [&](auto &entry) {
        return sameSize(*entry.first, buffer);
      });
      Value bytes;
      if (known != sizes.end()) {
        bytes = known->second;
      } else {
        bytes = constant(buffer.staticBytes);
        for (Value size : buffer.alloc.getDynamicSizes())
          bytes = b.createOrFold<arith::MulIOp>(loc, bytes, size);
        bytes = b.createOrFold<arith::AndIOp>(
            loc, b.createOrFold<arith::AddIOp>(loc, bytes, roundUp), mask);
        sizes.emplace_back(&buffer, bytes);
      }
      Value &slot = slotBytes[buffer.slot];
      if (!slot)
        slot = bytes;
      else if (slot != bytes)
        slot = b.createOrFold<arith::MaxUIOp>(loc, slot, bytes);
    }
    SmallVector<Value> offsets;
    Value total = constant(0);
    for (Value bytes : slotBytes) {
      offsets.push_back(total);
      total = b.createOrFold<arith::AddIOp>(loc, total, bytes);
    }
    auto arenaType =
        MemRefType::get({ShapedType::kDynamic}, b.getIntegerType(8));
    Value arena = memref::AllocOp::create(b, loc, arenaType, total,
                                          b.getI64IntegerAttr(kAlignment));
    for (Buffer &buffer : buffers) {
      memref::AllocOp alloc = buffer.alloc;
      b.setInsertionPoint(alloc);
      Value view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(),
                                          arena, offsets[buffer.slot],
                                          alloc.getDynamicSizes());
      alloc.replaceAllUsesWith(view);
      alloc.erase();
    }
    numArenas++;
    numPlanned += buffers.size();
    numSlots += slotCount;
  }
};

} // namespace
