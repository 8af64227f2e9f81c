//===- Driver.cpp - the dtc compiler as a library -------------------------===//

#include "compiler/driver/Driver.h"

#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/transforms/Canonicalizer.h"
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
  pm.addPass(dtc::createCanonicalizer());
  pm.addPass(dt::createRefineShapes());
  pm.addPass(dtc::createCanonicalizer());
  pm.addPass(createCSEPass());
  pm.addPass(createSymbolDCEPass());
  if (!options.extraPasses.empty() &&
      failed(parsePassPipeline(options.extraPasses, pm, llvm::errs())))
    return failure();
  return success();
}

OwningOpRef<ModuleOp> dtc::compile(llvm::SourceMgr &sourceMgr,
                                   MLIRContext &context,
                                   const CompileOptions &options,
                                   TimingScope &timing, std::string *pipeline) {
  OwningOpRef<ModuleOp> module;
  {
    TimingScope parsing = timing.nest("Parse");
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return nullptr;
  // One pass manager per stage, so that each stage's result is checked
  // before the next starts.
  auto run = [&](Stage stage, function_ref<LogicalResult(PassManager &)> build) {
    PassManager pm(&context);
    pm.enableTiming(timing);
    if (failed(applyPassManagerCLOptions(pm)) || failed(build(pm)))
      return failure();
    if (pipeline) {
      llvm::raw_string_ostream os(*pipeline);
      pm.printAsTextualPipeline(os);
      os << "\n";
    }
    if (failed(pm.run(*module)))
      return failure();
    if (stage == Stage::Linalg && failed(cpu::checkNoDtOps(*module)))
      return failure();
    return options.onStage ? options.onStage(*module, stage) : success();
  };
  if (failed(run(Stage::Dt, [&](PassManager &pm) {
        return buildDtPipeline(pm, options);
      })))
    return nullptr;
  if (options.stage == Stage::Dt)
    return module;
  if (failed(run(Stage::Linalg,
                 [&](PassManager &pm) {
                   cpu::buildLowerToLinalg(pm);
                   return success();
                 })))
    return nullptr;
  if (options.stage == Stage::Linalg)
    return module;
  if (options.target == Target::Cuda &&
      failed(cuda::verifyChips(*module, options.cuda.chips)))
    return nullptr;
  if (failed(run(Stage::LLVM, [&](PassManager &pm) {
        if (options.target == Target::Cuda)
          cuda::buildLowerToLLVM(pm, options.cuda);
        else
          cpu::buildLowerToLLVM(pm, options.vectorDialect
                                        ? cpu::vectorStep(options.cpu)
                                        : 0);
        return success();
      })))
    return nullptr;
  return module;
}
