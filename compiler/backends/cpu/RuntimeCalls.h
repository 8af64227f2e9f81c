//===- RuntimeCalls.h - calling the runtime from generated code -*- C++ -*-===//
//
// What passes that emit calls into the runtime's dtc_rt_* ABI share: the
// function declarations and constant strings (messages, counter names).
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_BACKENDS_CPU_RUNTIMECALLS_H
#define COMPILER_BACKENDS_CPU_RUNTIMECALLS_H

#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace dtc::cpu {

/// Declares `name` with `type` in `symbols`' module unless it is declared;
/// fails with an error if it is declared with another type. A FunctionType
/// declares a func.func (for IR still in func), an LLVMFunctionType an
/// llvm.func (for IR already in LLVM).
mlir::LogicalResult declareRuntimeFunction(mlir::SymbolTable &symbols,
                                           llvm::StringRef name,
                                           mlir::FunctionType type);
mlir::LogicalResult declareRuntimeFunction(mlir::SymbolTable &symbols,
                                           llvm::StringRef name,
                                           mlir::LLVM::LLVMFunctionType type);

/// `prefix`N for the smallest N >= 0 that names nothing in `symbols`.
std::string uniqueSymbolName(mlir::SymbolTable &symbols,
                             const llvm::Twine &prefix);

/// A pointer to a NUL-terminated constant copy of `text`, in a global of
/// its own named `prefix`N (unique in `symbols`).
mlir::Value createConstantString(mlir::OpBuilder &builder, mlir::Location loc,
                                 mlir::SymbolTable &symbols,
                                 llvm::StringRef prefix, llvm::StringRef text);

/// Whether `op` is a contraction that becomes dtc_rt_sgemm calls: f32, one
/// reduction dimension, one n dimension and some m dimensions (the others
/// become loops around the calls).
bool isSgemmContraction(mlir::Operation *op);

/// Marks an elementwise op that works in place on the product of the
/// contraction just before it, to be run as that GEMM's epilogue
/// (dtc-cpu-gemm-epilogues, dtc-cpu-contractions-to-kernels).
inline constexpr llvm::StringLiteral kGemmEpilogueAttr = "dtc.gemm_epilogue";

/// Marks a function the runtime calls back, possibly on a worker thread (a
/// GEMM's epilogue): its loops stay on the thread that runs it.
inline constexpr llvm::StringLiteral kCallbackAttr = "dtc.callback";

/// A module's list of the parameters its dtc_rt_sgemm calls read as a
/// constant B, which the runtime packs when it loads the model: one
/// dictionary per matrix shape and layout, {parameter = @NAME, k, n,
/// row_stride, col_stride, offsets = array<i64: ...>} (elements from the
/// parameter's start). The artifact writer moves it into the artifact.
inline constexpr llvm::StringLiteral kConstantGemmOperandsAttr =
    "dtc.constant_gemm_operands";

} // namespace dtc::cpu

#endif // COMPILER_BACKENDS_CPU_RUNTIMECALLS_H
