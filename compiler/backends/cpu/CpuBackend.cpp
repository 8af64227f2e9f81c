//===- CpuBackend.cpp - the CPU backend -----------------------------------===//

#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/backends/cpu/Passes.h"

#include "compiler/conversion/Passes.h"
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
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <set>

using namespace mlir;

void dtc::cpu::registerDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, bufferization::BufferizationDialect,
                  cf::ControlFlowDialect, LLVM::LLVMDialect,
                  memref::MemRefDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void dtc::cpu::buildLowerToLinalg(OpPassManager &pm) {
  pm.addPass(dt::createDecomposeMoe());
  pm.addPass(dt::createLowerParamsAndKnobs());
  pm.addPass(dt::createConvertDtToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
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

void dtc::cpu::buildLowerToLLVM(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // Layer loops yield new activations each iteration.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createCopiesToLinalg());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

namespace {
/// Readies an LLVM-dialect module for translation: the `dt.param` and
/// `dt.knob` argument markers (read by the artifact writer, meaningless to
/// LLVM) are dropped, and every definition but the C interfaces becomes
/// internal, so that the object exports only `_mlir_ciface_*` (an entry point
/// called `main`, or a helper, must not clash with the application).
void prepareForTranslation(ModuleOp module) {
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      func.removeArgAttr(i, "dt.param");
      func.removeArgAttr(i, "dt.knob");
    }
    if (!func.isExternal() && !func.getName().starts_with("_mlir_ciface_"))
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

LogicalResult dtc::cpu::emitObject(ModuleOp module, llvm::StringRef cpu,
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
  std::string cpuName =
      cpu == "native" ? llvm::sys::getHostCPUName().str() : cpu.str();
  if (!target->createMCSubtargetInfo(triple, cpuName, "")
           ->isCPUStringValid(cpuName))
    return module.emitError() << "unknown CPU '" << cpuName
                              << "' (try x86-64-v3, x86-64-v4 or native)";
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpuName, "", options, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Default));
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule = translate(module, context);
  if (!llvmModule)
    return failure();
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return module.emitError("the x86-64 target cannot emit object files");
  passes.run(*llvmModule);
  return success();
}
