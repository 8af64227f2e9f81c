//===- CpuBackend.cpp - the CPU backend -----------------------------------===//

#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/backends/cpu/Passes.h"

#include "compiler/conversion/Passes.h"
#include "compiler/transforms/Canonicalizer.h"
#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtDialect.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/RuntimeOpVerification.h"
#include "mlir/Dialect/MemRef/Transforms/RuntimeOpVerification.h"
#include "mlir/Dialect/Tensor/Transforms/RuntimeOpVerification.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"
#include "runtime/core/CpuFeatures.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/X86TargetParser.h"

#include <set>

using namespace mlir;

void dtc::cpu::registerDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, bufferization::BufferizationDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect,
                  memref::MemRefDialect, vector::VectorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerRuntimeVerifiableOpInterfaceExternalModels(registry);
  memref::registerRuntimeVerifiableOpInterfaceExternalModels(registry);
  tensor::registerRuntimeVerifiableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void dtc::cpu::buildLowerToLinalg(OpPassManager &pm) {
  pm.addPass(dt::createSplitRaggedBatch());
  pm.addPass(dt::createDecomposeMoe());
  // A model that also reports its routing computes it once.
  pm.addPass(createCSEPass());
  pm.addPass(dt::createCountDecisions());
  pm.addPass(dt::createLowerEarlyExit());
  pm.addPass(dt::createLowerParamsAndKnobs());
  pm.addPass(dt::createConvertDtToLinalg());
  pm.addPass(createCountsToCalls());
  pm.addPass(dtc::createCanonicalizer());
  pm.addPass(createCSEPass());
  pm.addPass(dt::createFuseElementwise());
}

LogicalResult dtc::cpu::checkNoDtOps(ModuleOp module) {
  std::set<std::string> reported;
  module.walk([&](Operation *op) {
    if (!isa<dt::DtDialect>(op->getDialect()))
      return;
    std::string name = op->getName().getStringRef().str();
    if (reported.insert(name).second)
      op->emitError() << "the CPU backend cannot lower '" << name
                      << "' yet";
  });
  return success(reported.empty());
}

void dtc::cpu::buildBuffersAndChecks(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // Layer loops yield new activations each iteration.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(createReadOnlyArguments());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Folds the dims of buffers to their sizes, which the plan needs known
  // where each arena starts.
  pm.addPass(dtc::createCanonicalizer());
  pm.addNestedPass<func::FuncOp>(createPlanArenas());
  bufferization::buildBufferDeallocationPipeline(pm);
  // Results the function does not own (an argument returned as is) are
  // cloned so that the caller owns every output; clones become copies.
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCopiesToLinalg());
  // Checks of what depends on run-time shapes and indices, as error values;
  // before contractions become calls, so their operand shapes are checked.
  pm.addPass(createGenerateRuntimeVerificationPass());
  pm.addPass(createAssertionsToErrors());
  pm.addPass(dtc::createCanonicalizer());
  pm.addPass(createContractionsToKernels());
  pm.addPass(createApproximateMath());
}

void dtc::cpu::buildHostToLLVM(OpPassManager &pm) {
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
}

void dtc::cpu::buildLowerToLLVM(OpPassManager &pm, int64_t vectorWidth) {
  pm.addPass(createGemmEpilogues());
  buildBuffersAndChecks(pm);
  pm.addPass(createReassociateReductions());
  if (vectorWidth > 0) {
    pm.addNestedPass<func::FuncOp>(createTileForVectors({vectorWidth}));
    pm.addNestedPass<func::FuncOp>(createVectorize({vectorWidth}));
  }
  pm.addPass(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createParallelLoopsToTasks());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  // The padding of masked loads.
  pm.addPass(createUBToLLVMConversionPass());
  buildHostToLLVM(pm);
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createRuntimeAllocations());
  pm.addPass(createPackedEntryPoints());
}

namespace {
/// Readies an LLVM-dialect module for translation: the `dt.*` argument and
/// result attributes (names and the parameter and knob markers, read by the
/// artifact writer, meaningless to LLVM) are dropped, and every definition but the C interfaces becomes
/// internal, so that the object exports only the C interfaces and their
/// packed wrappers, `_mlir_ciface_*` and `_dtc_entry_*` (an entry point
/// called `main`, or a helper, must not clash with the application).
void prepareForTranslation(ModuleOp module) {
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    auto isDt = [](NamedAttribute attr) {
      return attr.getName().getValue().starts_with("dt.");
    };
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (DictionaryAttr attrs = func.getArgAttrDict(i))
        for (NamedAttribute attr : llvm::to_vector(attrs.getValue()))
          if (isDt(attr))
            func.removeArgAttr(i, attr.getName());
    for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
      if (DictionaryAttr attrs = func.getResultAttrDict(i))
        for (NamedAttribute attr : llvm::to_vector(attrs.getValue()))
          if (isDt(attr))
            func.removeResultAttr(i, attr.getName());
    if (!func.isExternal() && !func.getName().starts_with("_mlir_ciface_") &&
        !func.getName().starts_with("_dtc_entry_"))
      func.setLinkage(LLVM::Linkage::Internal);
  }
}

/// `module` as LLVM IR in `context`, or null after an error.
std::unique_ptr<llvm::Module> translate(ModuleOp module,
                                        llvm::LLVMContext &context) {
  prepareForTranslation(module);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    module.emitError("translation to LLVM IR failed");
  return llvmModule;
}
} // namespace

LogicalResult dtc::cpu::emitLLVMIR(ModuleOp module, llvm::raw_ostream &os) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule = translate(module, context);
  if (!llvmModule)
    return failure();
  llvmModule->print(os, nullptr);
  return success();
}

std::string dtc::cpu::resolveCpu(llvm::StringRef cpu) {
  return cpu == "native" ? llvm::sys::getHostCPUName().str() : cpu.str();
}

std::vector<std::string> dtc::cpu::requiredCpuFeatures(llvm::StringRef cpu) {
  llvm::SmallVector<llvm::StringRef> features;
  llvm::X86::getFeaturesForCPU(resolveCpu(cpu), features);
  std::vector<std::string> required;
  for (std::string_view checked : dtc::kCheckedCpuFeatures)
    if (llvm::is_contained(features, llvm::StringRef(checked)))
      required.emplace_back(checked);
  return required;
}

int64_t dtc::cpu::vectorStep(llvm::StringRef cpu) {
  int64_t registerLanes =
      llvm::is_contained(requiredCpuFeatures(cpu), "avx512f") ? 16 : 8;
  return 2 * registerLanes;
}

LogicalResult dtc::cpu::emitObject(ModuleOp module,
                                   const ObjectOptions &options,
                                   llvm::raw_pwrite_stream &os) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  llvm::Triple triple("x86_64-unknown-linux-gnu");
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return module.emitError() << "no x86-64 target: " << error;
  std::string cpuName = resolveCpu(options.cpu);
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, cpuName, ""));
  if (!subtarget->isCPUStringValid(cpuName))
    return module.emitError() << "unknown CPU '" << cpuName
                              << "' (try x86-64-v3, x86-64-v4 or native)";
  if (options.optLevel > 3)
    return module.emitError() << "unknown optimisation level "
                              << options.optLevel << " (0 to 3)";
  static const llvm::CodeGenOptLevel codegenLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  static const llvm::OptimizationLevel optLevels[] = {
      llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
      llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpuName, "", targetOptions, llvm::Reloc::PIC_, std::nullopt,
      codegenLevels[options.optLevel]));
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule = translate(module, context);
  if (!llvmModule)
    return failure();
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());

  // LLVM's own pipeline, with the target's cost model: it vectorises and
  // unrolls the loops the MLIR pipeline leaves.
  if (options.optLevel > 0) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder builder(machine.get());
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    builder.buildPerModuleDefaultPipeline(optLevels[options.optLevel])
        .run(*llvmModule, mam);
  }

  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return module.emitError("the x86-64 target cannot emit object files");
  passes.run(*llvmModule);
  return success();
}
