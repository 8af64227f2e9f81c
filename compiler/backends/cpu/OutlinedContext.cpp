//===- OutlinedContext.cpp - values an outlined function reads ------------===//

#include "compiler/backends/cpu/OutlinedContext.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using dtc::cpu::OutlinedContext;

namespace {
/// Whether `value` is a constant the callee recomputes rather than reads.
bool isCloneableConstant(Value value) {
  Operation *op = value.getDefiningOp();
  return op && op->getNumOperands() == 0 && matchPattern(value, m_Constant());
}
} // namespace

FailureOr<OutlinedContext>
OutlinedContext::get(ArrayRef<Value> values,
                     const LLVMTypeConverter &converter) {
  OutlinedContext context(converter);
  for (Value value : values)
    if (failed(context.add(value)))
      return failure();
  return context;
}

LogicalResult OutlinedContext::add(Value value) {
  if (stored_.contains(value) || constants_.contains(value))
    return success();
  if (isCloneableConstant(value)) {
    constants_.insert(value);
    return success();
  }
  Type field = converter_->convertType(value.getType());
  if (!field || !LLVM::isCompatibleType(field))
    return failure();
  stored_.insert(value);
  fields_.push_back(field);
  return success();
}

LLVM::LLVMStructType OutlinedContext::structType() const {
  return LLVM::LLVMStructType::getLiteral(&converter_->getContext(), fields_);
}

Value OutlinedContext::allocate(func::FuncOp caller, Location loc) const {
  OpBuilder entry = OpBuilder::atBlockBegin(&caller.getBody().front());
  Value one = LLVM::ConstantOp::create(entry, loc, entry.getI64Type(),
                                       entry.getI64IntegerAttr(1));
  return LLVM::AllocaOp::create(
      entry, loc, LLVM::LLVMPointerType::get(caller.getContext()),
      structType(), one);
}

void OutlinedContext::store(OpBuilder &b, Location loc, Value context) const {
  auto pointerType = LLVM::LLVMPointerType::get(b.getContext());
  LLVM::LLVMStructType type = structType();
  for (auto [i, value] : llvm::enumerate(stored_)) {
    Value field = value;
    if (value.getType() != fields_[i])
      field = UnrealizedConversionCastOp::create(b, loc, fields_[i], value)
                  .getResult(0);
    Value address =
        LLVM::GEPOp::create(b, loc, pointerType, type, context,
                            ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
    LLVM::StoreOp::create(b, loc, field, address);
  }
}

void OutlinedContext::load(OpBuilder &b, Location loc, Value context,
                           IRMapping &mapping) const {
  auto pointerType = LLVM::LLVMPointerType::get(b.getContext());
  LLVM::LLVMStructType type = structType();
  for (auto [i, value] : llvm::enumerate(stored_)) {
    Value address =
        LLVM::GEPOp::create(b, loc, pointerType, type, context,
                            ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
    Value field = LLVM::LoadOp::create(b, loc, fields_[i], address);
    if (value.getType() != fields_[i])
      field = UnrealizedConversionCastOp::create(b, loc, value.getType(), field)
                  .getResult(0);
    mapping.map(value, field);
  }
  for (Value value : constants_)
    b.clone(*value.getDefiningOp(), mapping);
}
