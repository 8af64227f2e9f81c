//===- BindWeights.cpp - bind a .safetensors file to dt.param -------------===//

#include "compiler/transforms/Passes.h"
#include "compiler/transforms/TypeRefinement.h"
#include "dialects/dt/IR/DtOps.h"
#include "runtime/safetensors/SafeTensors.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::dt {
#define GEN_PASS_DEF_BINDWEIGHTS
#include "compiler/transforms/Passes.h.inc"
} // namespace mlir::dt

using namespace mlir;
using namespace mlir::dt;
namespace st = dtc::safetensors;

namespace {
/// The MLIR element type of a safetensors dtype (U8 has none in dt: dt
/// integers are signless, so a U8 tensor never matches a parameter).
Type elementTypeOf(st::DType dtype, MLIRContext *context) {
  Builder b(context);
  switch (dtype) {
  case st::DType::F64: return b.getF64Type();
  case st::DType::F32: return b.getF32Type();
  case st::DType::F16: return b.getF16Type();
  case st::DType::BF16: return b.getBF16Type();
  case st::DType::I64: return b.getI64Type();
  case st::DType::I32: return b.getI32Type();
  case st::DType::I16: return b.getI16Type();
  case st::DType::I8: return b.getI8Type();
  case st::DType::U8: return IntegerType::get(context, 8, IntegerType::Unsigned);
  case st::DType::Bool: return b.getI1Type();
  }
  llvm_unreachable("unknown dtype");
}

std::string describe(const st::Tensor &t) {
  std::string s = std::string(st::dtypeName(t.dtype)) + " [";
  for (size_t i = 0; i < t.shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(t.shape[i]);
  return s + "]";
}

/// Gives a dt.param_load the static type of the (bound) parameter it reads.
struct RefineParamLoad : OpRewritePattern<ParamLoadOp> {
  RefineParamLoad(MLIRContext *context, SymbolTable &symbols)
      : OpRewritePattern(context), symbols(symbols) {}

  LogicalResult matchAndRewrite(ParamLoadOp load,
                                PatternRewriter &rewriter) const override {
    auto param = symbols.lookup<ParamOp>(load.getParam());
    if (!param)
      return failure();
    RankedTensorType declared = param.getTensorType();
    ArrayRef<int64_t> shape = declared.getShape();
    if (load.getLayer())
      shape = shape.drop_front();
    RankedTensorType refined = joinStatic(
        load.getType(),
        RankedTensorType::get(shape, declared.getElementType()));
    if (!refined || refined == load.getType())
      return failure();
    refineValueType(rewriter, load.getResult(), refined);
    return success();
  }

  SymbolTable &symbols;
};

struct BindWeightsPass : dt::impl::BindWeightsBase<BindWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (file.empty()) {
      emitError(module.getLoc(), "dt-bind-weights: no weights file given (file=PATH)");
      return signalPassFailure();
    }
    if (dtc::Status regular = st::checkRegularFile(file); !regular) {
      emitError(module.getLoc()) << "dt-bind-weights: " << regular.error();
      return signalPassFailure();
    }
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      emitError(module.getLoc()) << "dt-bind-weights: cannot read '" << file
                         << "': " << buffer.getError().message();
      return signalPassFailure();
    }
    auto bytes = reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart());
    dtc::Result<st::File> weights =
        st::File::parse(bytes, (*buffer)->getBufferSize());
    if (!weights) {
      emitError(module.getLoc()) << "dt-bind-weights: '" << file
                         << "' is not a valid .safetensors file: "
                         << weights.error();
      return signalPassFailure();
    }

    // Check everything first and report every problem, then bind.
    bool ok = true;
    llvm::StringSet<> bound;
    SmallVector<std::pair<ParamOp, RankedTensorType>> types;
    for (ParamOp param : module.getOps<ParamOp>()) {
      StringRef name = param.getSymName();
      const st::Tensor *tensor = weights->find(name);
      if (!tensor) {
        param.emitError() << "parameter @" << name << " has no tensor '"
                          << name << "' in " << file;
        ok = false;
        continue;
      }
      bound.insert(name);
      RankedTensorType declared = param.getTensorType();
      Type element = elementTypeOf(tensor->dtype, &getContext());
      if (element != declared.getElementType() ||
          failed(verifyCompatibleShape(declared.getShape(), tensor->shape))) {
        param.emitError() << "parameter @" << name << " is declared "
                          << declared << " but '" << name << "' in " << file
                          << " is " << describe(*tensor);
        ok = false;
        continue;
      }
      types.push_back({param, RankedTensorType::get(tensor->shape, element)});
    }
    for (const st::Tensor &tensor : weights->tensors()) {
      if (!bound.contains(tensor.name)) {
        emitError(module.getLoc()) << "tensor '" << tensor.name << "' in " << file
                           << " is not a parameter of the model";
        ok = false;
      }
    }
    if (!ok)
      return signalPassFailure();

    for (auto [param, type] : types)
      param.setType(type);
    SymbolTable symbols(module);
    RewritePatternSet patterns(&getContext());
    patterns.add<RefineParamLoad>(&getContext(), symbols);
    walkAndApplyPatterns(module, std::move(patterns));
  }
};
} // namespace
