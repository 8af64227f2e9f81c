//===- TypeRefinement.cpp - making result types more static ---------------===//

#include "compiler/transforms/TypeRefinement.h"

#include "dialects/dt/IR/DtDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

bool dt::acceptsRefinedOperands(Operation *user) {
  return isa<DtDialect>(user->getDialect()) ||
         isa<tensor::DimOp, tensor::CastOp>(user);
}

RankedTensorType dt::joinStatic(RankedTensorType a, RankedTensorType b) {
  if (a.getElementType() != b.getElementType() || a.getRank() != b.getRank())
    return {};
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip_equal(a.getShape(), b.getShape())) {
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return {};
    shape.push_back(ShapedType::isDynamic(x) ? y : x);
  }
  return RankedTensorType::get(shape, a.getElementType(), a.getEncoding());
}

void dt::refineValueType(RewriterBase &rewriter, Value value,
                         RankedTensorType refined) {
  Type old = value.getType();
  if (old == refined)
    return;
  SmallVector<OpOperand *> keepOld;
  for (OpOperand &use : value.getUses())
    if (!acceptsRefinedOperands(use.getOwner()))
      keepOld.push_back(&use);
  rewriter.modifyOpInPlace(value.getDefiningOp() ? value.getDefiningOp()
                                                 : value.getParentBlock()->getParentOp(),
                           [&] { value.setType(refined); });
  if (keepOld.empty())
    return;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointAfterValue(value);
  Value cast = tensor::CastOp::create(rewriter, value.getLoc(), old, value);
  for (OpOperand *use : keepOld)
    rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(cast); });
}
