//===- CudaBackend.cpp - the CUDA backend ---------------------------------===//

#include "compiler/backends/cuda/CudaBackend.h"
#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cuda/Passes.h"
#include "compiler/transforms/Canonicalizer.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

const std::vector<std::string> &dtc::cuda::defaultChips() {
  static const std::vector<std::string> chips{"sm_80", "sm_90"};
  return chips;
}

void dtc::cuda::registerDialects(DialectRegistry &registry) {
  registry.insert<gpu::GPUDialect, NVVM::NVVMDialect>();
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
}

LogicalResult dtc::cuda::verifyChips(ModuleOp module,
                                     const std::vector<std::string> &chips) {
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  LLVMInitializeNVPTXAsmPrinter();
  llvm::Triple triple("nvptx64-nvidia-cuda");
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return module.emitError() << "LLVM has no NVPTX target: " << error;
  if (chips.empty())
    return module.emitError() << "no CUDA chip to compile for";
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "sm_80", ""));
  for (const std::string &chip : chips)
    if (!info->isCPUStringValid(chip))
      return module.emitError() << "unknown CUDA chip '" << chip
                                << "' (try sm_80 or sm_90)";
  return success();
}

void dtc::cuda::buildLowerToLLVM(OpPassManager &pm,
                                 const PipelineOptions &options) {
  // Buffers, run-time checks, GEMM calls and math, as on the CPU.
  cpu::buildBuffersAndChecks(pm);

  // Every other linalg op becomes a kernel.
  pm.addPass(createLinalgToKernels());
  pm.addPass(createParallelForToNestedForsPass());
  pm.addPass(createSyncHostAccesses());
  // expand-strided-metadata computes offsets with affine.apply.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createMergeKernelModules());
  pm.addPass(createKernelChecksToFlags());
  for (const std::string &chip : options.chips) {
    GpuNVVMAttachTargetOptions target;
    target.chip = chip;
    target.features = "+ptx80";
    target.optLevel = options.optLevel;
    pm.addPass(createGpuNVVMAttachTarget(target));
  }
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createKernelsToNVVM());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));

  // The host code, as on the CPU, then its launches.
  cpu::buildHostToLLVM(pm);
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createLaunchesToCalls());
  // After the launches: their operands were the casts' last users.
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(cpu::createRuntimeAllocations());
  pm.addPass(cpu::createPackedEntryPoints());
}

FailureOr<dtc::cuda::DeviceProgram> dtc::cuda::getDeviceCode(ModuleOp module) {
  DeviceProgram program;
  if (auto checks = module->getAttrOfType<ArrayAttr>("dtc.device_checks"))
    for (Attribute text : checks)
      program.checks.push_back(cast<StringAttr>(text).str());
  std::vector<DeviceCode> &code = program.code;
  for (auto binary : module.getOps<gpu::BinaryOp>()) {
    for (Attribute attr : binary.getObjects()) {
      auto object = cast<gpu::ObjectAttr>(attr);
      auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
      if (!target || object.getFormat() != gpu::CompilationTarget::Assembly)
        return binary.emitError("expected PTX objects for NVVM targets");
      // The driver reads PTX as a C string: no NUL inside.
      StringRef ptx = object.getObject().getValue();
      code.push_back({target.getChip().str(), ptx.split('\0').first.str()});
    }
  }
  return program;
}

void dtc::cuda::stripDeviceCode(ModuleOp module) {
  for (auto binary : llvm::make_early_inc_range(module.getOps<gpu::BinaryOp>()))
    binary.erase();
  module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  module->removeAttr("dtc.device_checks");
}
