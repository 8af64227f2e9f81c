//===- ArtifactBuilder.h - packaging a compiled model as .dtb ---*- C++ -*-===//
//
// The artifact describes what lowering erases, so the builder looks at the
// module twice on the way down:
//   recordDeclarations  dt IR after the dt-level pipeline: the knobs'
//                       defaults and ranges (dt.knob ops disappear later)
//   recordEntryPoints   linalg on tensors, after dt-lower-params-and-knobs:
//                       each entry's inputs, outputs, and the parameters and
//                       knobs it takes, read from the argument attributes
//                       that pass sets (the ABI is the pass's, not a copy)
// then package() turns the LLVM-dialect module into a shared object and
// writes the .dtb (runtime/artifact/dtb.proto), with the parameters that
// dtc-cpu-contractions-to-kernels listed as constant GEMM operands.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_ARTIFACT_ARTIFACTBUILDER_H
#define COMPILER_ARTIFACT_ARTIFACTBUILDER_H

#include "compiler/backends/cpu/CpuBackend.h"
#include "runtime/artifact/dtb.pb.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace dtc {

struct PackageOptions {
  cpu::ObjectOptions object;
  /// The .safetensors file holding the parameters ("" if the model has
  /// none).
  std::string weightsFile;
  /// Reference the weights file from the artifact instead of copying the
  /// parameters into it.
  bool externalWeights = false;
  /// Where the artifact will be written (to resolve the external path).
  std::string outputFile;
  /// Provenance.
  std::string sourceName;
  std::string sourceText;
  std::string pipeline;
  std::vector<std::string> fixedKnobs;
};

class ArtifactBuilder {
public:
  mlir::LogicalResult recordDeclarations(mlir::ModuleOp module);
  mlir::LogicalResult recordEntryPoints(mlir::ModuleOp module);
  /// Compiles `module` (LLVM dialect) to a shared object and writes the
  /// artifact to `os`.
  mlir::LogicalResult package(mlir::ModuleOp module,
                              const PackageOptions &options,
                              llvm::raw_ostream &os);

private:
  /// Moves the module's kConstantGemmOperandsAttr into the parameters.
  mlir::LogicalResult recordConstantOperands(mlir::ModuleOp module);

  dtb::Artifact artifact_;
};

} // namespace dtc

#endif // COMPILER_ARTIFACT_ARTIFACTBUILDER_H
