//===- OutlinedContext.h - values an outlined function reads -----*- C++ -*-===//
//
// Code that the runtime calls back (a loop's tasks, a GEMM's epilogue) is
// outlined into a function with a fixed signature, so the values it uses
// travel in a struct that its caller fills on its own stack: memrefs as
// their LLVM descriptors, constants re-created in the callee.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_BACKENDS_CPU_OUTLINEDCONTEXT_H
#define COMPILER_BACKENDS_CPU_OUTLINEDCONTEXT_H

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace dtc::cpu {

class OutlinedContext {
public:
  /// The context of `values`, or failure when one has no LLVM type.
  static mlir::FailureOr<OutlinedContext>
  get(llvm::ArrayRef<mlir::Value> values,
      const mlir::LLVMTypeConverter &converter);

  /// Adds `value` (once), or fails when it has no LLVM type.
  mlir::LogicalResult add(mlir::Value value);

  /// Allocates the struct in the entry block of `caller`: once per frame,
  /// however often a loop around the call fills it.
  mlir::Value allocate(mlir::func::FuncOp caller, mlir::Location loc) const;
  /// Stores the values into `context`, at `b`'s insertion point.
  void store(mlir::OpBuilder &b, mlir::Location loc,
             mlir::Value context) const;
  /// In the outlined function: loads the values from `context` (and
  /// re-creates the constants) and maps each original value to its copy.
  void load(mlir::OpBuilder &b, mlir::Location loc, mlir::Value context,
            mlir::IRMapping &mapping) const;

private:
  explicit OutlinedContext(const mlir::LLVMTypeConverter &converter)
      : converter_(&converter) {}
  mlir::LLVM::LLVMStructType structType() const;

  const mlir::LLVMTypeConverter *converter_;
  llvm::SetVector<mlir::Value> stored_, constants_;
  llvm::SmallVector<mlir::Type> fields_;
};

} // namespace dtc::cpu

#endif // COMPILER_BACKENDS_CPU_OUTLINEDCONTEXT_H
