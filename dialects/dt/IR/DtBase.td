//===- DtBase.td - dt dialect, enums, constraints, base classes -*- tablegen -*-===//
//
// The `dt` dialect: dense neural-network ops plus first-class conditional
// compute (token selection, early exit, mixture of experts). See
// docs/dialect.md for the design and docs/semantics.md for the semantics.
//
//===----------------------------------------------------------------------===//

#ifndef DT_BASE_TD
#define DT_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Dt_Dialect : Dialect {
  let name = "dt";
  let cppNamespace = "::mlir::dt";
  let summary = "Neural networks that decide at run time how much to compute";
  let description = [{
    The `dt` dialect holds a model as a whole: its parameters (named weights
    bound from a `.safetensors` file at compile time), its run-time knobs
    (named scalars the application sets per call, with defaults and valid
    ranges), dense tensor ops, and the conditional-compute ops whose run-time
    decisions dtc exists to turn into saved time: token selection, early exit
    and mixture-of-experts routing. Conditional ops stay first-class until a
    named lowering pass; passes before it can fold, fuse and reorder them.

    All values are ranked tensors (or scalars for knobs and counts). Shapes may
    be dynamic in a model file and are refined from the weights at compile time,
    so one file serves a tiny and a realistic configuration.

    Entry-point arguments and results may carry `dt.name = "image"`: the name
    the compiled artifact gives that input or output (default `input0`,
    `output0`, ...).
  }];
  let hasConstantMaterializer = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Enums. Stored as integer attributes, printed as bare keywords.
//===----------------------------------------------------------------------===//

def Dt_ExitPolicy : I32EnumAttr<"ExitPolicy", "early-exit policy", [
    I32EnumAttrCase<"max_prob", 0>,
    I32EnumAttrCase<"entropy", 1>,
    I32EnumAttrCase<"patience", 2>,
    I32EnumAttrCase<"recursive", 3>]> {
  let cppNamespace = "::mlir::dt";
}

def Dt_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "gelu approximation", [
    I32EnumAttrCase<"erf", 0>,
    I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::dt";
}

def Dt_MoeGate : I32EnumAttr<"MoeGate", "mixture-of-experts gate weights", [
    // Softmax over the k chosen logits.
    I32EnumAttrCase<"softmax_topk", 0>,
    // Softmax over all E logits, then the k largest probabilities.
    I32EnumAttrCase<"softmax_all", 1>,
    // As softmax_all, renormalised to sum to one over the k chosen.
    I32EnumAttrCase<"softmax_all_renorm", 2>]> {
  let cppNamespace = "::mlir::dt";
}

def Dt_Activation : I32EnumAttr<"Activation", "expert FFN activation", [
    I32EnumAttrCase<"relu", 0>,
    I32EnumAttrCase<"gelu", 1>,
    I32EnumAttrCase<"gelu_tanh", 2>,
    I32EnumAttrCase<"silu", 3>]> {
  let cppNamespace = "::mlir::dt";
}

//===----------------------------------------------------------------------===//
// Type constraints.
//===----------------------------------------------------------------------===//

def Dt_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Dt_IndexTensor : RankedTensorOf<[I32, I64]>;
def Dt_I64Tensor : RankedTensorOf<[I64]>;
def Dt_I32Tensor : RankedTensorOf<[I32]>;
def Dt_AnyTensor : RankedTensorOf<[AnyFloat, AnySignlessInteger]>;
def Dt_FloatScalarOrVector : AnyTypeOf<[AnyFloat, RankedTensorOf<[AnyFloat], [HasAnyRankOfPred<[1]>]>],
    "float scalar or 1-D float tensor">;

//===----------------------------------------------------------------------===//
// Base op classes.
//===----------------------------------------------------------------------===//

class Dt_Op<string mnemonic, list<Trait> traits = []> :
    Op<Dt_Dialect, mnemonic, traits>;

// Type inference whose check accepts a written type more static than the
// inferred one (see dt::areCompatibleReturnTypes).
def Dt_InferTypes : InferTypeOpAdaptorBase<[{
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r) {
      return ::mlir::dt::areCompatibleReturnTypes(l, r);
    }
  }]>;

class Dt_InferOp<string mnemonic, list<Trait> traits = []> :
    Dt_Op<mnemonic, !listconcat([Pure], traits, [Dt_InferTypes])>;

#endif // DT_BASE_TD
