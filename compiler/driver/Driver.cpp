//===- Driver.cpp - the dtc compiler as a library -------------------------===//

#include "compiler/driver/Driver.h"

#include "compiler/transforms/Passes.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

LogicalResult dtc::buildDtPipeline(PassManager &pm,
                                   const CompileOptions &options) {
  if (!options.weightsFile.empty()) {
    dt::BindWeightsOptions bind;
    bind.file = options.weightsFile;
    pm.addPass(dt::createBindWeights(bind));
  }
  // Per-layer functions become straight-line code inside the layer loops.
  pm.addPass(createInlinerPass());
  if (!options.fixedKnobs.empty()) {
    dt::SpecializeKnobsOptions knobs;
    knobs.knobs.assign(options.fixedKnobs.begin(), options.fixedKnobs.end());
    pm.addPass(dt::createSpecializeKnobs(knobs));
  }
  pm.addPass(createCanonicalizerPass());
  pm.addPass(dt::createRefineShapes());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createSymbolDCEPass());
  if (!options.extraPasses.empty() &&
      failed(parsePassPipeline(options.extraPasses, pm, llvm::errs())))
    return failure();
  return success();
}

OwningOpRef<ModuleOp> dtc::compileToDt(llvm::SourceMgr &sourceMgr,
                                       MLIRContext &context,
                                       const CompileOptions &options,
                                       TimingScope &timing) {
  OwningOpRef<ModuleOp> module;
  {
    TimingScope parsing = timing.nest("Parse");
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return nullptr;
  PassManager pm(&context);
  pm.enableTiming(timing);
  if (failed(applyPassManagerCLOptions(pm)) ||
      failed(buildDtPipeline(pm, options)) || failed(pm.run(*module)))
    return nullptr;
  return module;
}
