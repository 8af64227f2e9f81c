//===- DtParamOps.td - parameters and run-time knobs -------*- tablegen -*-===//
//
// Parameters are named weights: the symbol name is the key in the
// `.safetensors` file. Knobs are named run-time scalars that the compiled
// artifact exposes (`dtc-run --set=NAME=VALUE`). Both are module-level symbols
// read inside functions by a load op, so a function body never carries a
// weight or a knob as an SSA argument the caller must thread through.
//
//===----------------------------------------------------------------------===//

#ifndef DT_PARAM_OPS_TD
#define DT_PARAM_OPS_TD

include "dialects/dt/IR/DtBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Dt_ParamOp : Dt_Op<"param", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "declares a named weight";
  let description = [{
    Declares a parameter whose value is bound at compile time from the weights
    file entry of the same name. Dimensions may be dynamic (`?`): the compiler
    refines them from the shape found in the weights file, which is how one
    model file serves every configuration. Stacked per-layer weights carry the
    layer as their leading dimension and are read one layer at a time with
    `dt.param_load @name[%i]`.

    ```mlir
    dt.param @"blocks.qkv.weight" : tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<Dt_AnyTensor>:$type);
  let assemblyFormat = "$sym_name `:` $type attr-dict";
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

def Dt_ParamLoadOp : Dt_Op<"param_load", [Pure,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reads a parameter, or one layer of a stacked parameter";
  let description = [{
    Reads the parameter `@name`. With `[%layer]`, reads slice `%layer` of the
    parameter's leading dimension, so a loop over layers can use one stacked
    weight. The result type must be compatible with the declared type (minus
    the leading dimension for a layer read); it may be more static.

    ```mlir
    %w = dt.param_load @"blocks.qkv.weight"[%i] : tensor<?x?xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$param, Optional<Index>:$layer);
  let results = (outs Dt_AnyTensor:$result);
  let assemblyFormat = [{
    $param (`[` $layer^ `]`)? attr-dict `:` type($result)
  }];
}

def Dt_KnobOp : Dt_Op<"knob", [Symbol, HasParent<"::mlir::ModuleOp">]> {
  let summary = "declares a run-time knob with its default and valid range";
  let description = [{
    Declares a value the application sets per call (keep rate, exit
    threshold, top-k, ...). The compiled artifact lists every knob with its
    type, default and range; the runtime rejects a value outside the range,
    naming the knob. The range is written in interval notation: `[` and `]`
    include the bound, `(` and `)` exclude it; without `in`, any value of the
    type is accepted. A knob whose range holds a single value is a constant,
    and reads of it fold.

    A knob is a scalar, or a vector of them (`tensor<?xT>`: one value per
    layer, say) that the application sets to any length. The default and the
    range apply to each element; an element the application did not set
    reads as the default.

    ```mlir
    dt.knob @keep_rate : f32 = 1.0 in (0.0, 1.0]
    dt.knob @top_k : i64 = 2 in [1, 8]
    dt.knob @layer_keep_rates : tensor<?xf32> = 1.0 in (0.0, 1.0]
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttr:$type,
                       TypedAttrInterface:$default_value,
                       OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max,
                       UnitAttr:$min_exclusive,
                       UnitAttr:$max_exclusive);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The type of one value: the knob's type, or its element type for a
    /// vector knob.
    ::mlir::Type getElementType();
    bool isVector() { return ::mlir::isa<::mlir::RankedTensorType>(getType()); }
    /// Whether `value` lies inside the declared range.
    bool contains(double value);
    /// The one value the range admits, if it is a single point.
    std::optional<double> getSingletonValue();
  }];
}

def Dt_KnobGetOp : Dt_Op<"knob_get", [Pure,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reads the value of a run-time knob for this call";
  let description = [{
    Reads a scalar knob, or element `index` of a vector knob (the knob's
    default when the application set fewer elements):

    ```mlir
    %r = dt.knob_get @keep_rate : f32
    %ri = dt.knob_get @layer_keep_rates[%i] : f32
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$knob, Optional<Index>:$index);
  let results = (outs AnyTypeOf<[AnyFloat, AnySignlessInteger]>:$result);
  let assemblyFormat = "$knob (`[` $index^ `]`)? attr-dict `:` type($result)";
  let hasFolder = 1;
}

def Dt_CountOp : Dt_Op<"count", [MemoryEffects<[MemWrite]>]> {
  let summary = "adds to a counter the runtime reports after each call";
  let description = [{
    Adds `value` to entry `index` of the run-time counter `name`. The
    runtime resets its counters before each call and reports them after it
    (`Session::statistics`, `dtc-run --stats`): how many tokens a selection
    kept, how many samples left at each exit head, how many rows each expert
    computed. `dt-count-decisions` inserts them; a backend lowers them to its
    runtime's counting call.

    ```mlir
    dt.count %kept to "tokens kept, offered at model.mlir:58:8" [%c0]
    ```
  }];
  let arguments = (ins I64:$value, StrAttr:$name, Index:$index);
  let assemblyFormat = "$value `to` $name `[` $index `]` attr-dict";
  let hasVerifier = 1;
}

#endif // DT_PARAM_OPS_TD
