//===- Helpers.cpp - helpers shared by the dt to linalg patterns ----------===//

#include "compiler/conversion/DtToLinalg/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

AffineMap dt::broadcastMap(ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> resultShape,
                           MLIRContext *context) {
  int64_t offset = resultShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, extent] : llvm::enumerate(shape)) {
    int64_t d = offset + i;
    exprs.push_back(extent == 1 && resultShape[d] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(d, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value dt::emptyForBroadcast(OpBuilder &b, Location loc, RankedTensorType type,
                            ValueRange operands) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    Value size;
    for (Value operand : operands) {
      auto t = cast<RankedTensorType>(operand.getType());
      int64_t i = d - (type.getRank() - t.getRank());
      if (i < 0 || t.getDimSize(i) == 1)
        continue;
      size = tensor::DimOp::create(b, loc, operand, i);
      break;
    }
    // Every operand has a static 1 there: so does the result.
    dynamicSizes.push_back(size ? size
                                : arith::ConstantIndexOp::create(b, loc, 1));
  }
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

Value dt::floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}
