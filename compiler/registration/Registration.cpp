//===- Registration.cpp - what dtc's tools register -----------------------===//

#include "compiler/registration/Registration.h"

#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/backends/cpu/Passes.h"
#include "compiler/backends/cuda/CudaBackend.h"
#include "compiler/backends/cuda/Passes.h"
#include "compiler/conversion/Passes.h"
#include "compiler/transforms/Passes.h"
#include "dialects/dt/IR/DtDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void dtc::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::dt::DtDialect, mlir::arith::ArithDialect,
                  mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::math::MathDialect,
                  mlir::scf::SCFDialect, mlir::tensor::TensorDialect>();
  mlir::func::registerInlinerExtension(registry);
  // Ranges of loop indices (layer reads past a stack are compile errors).
  mlir::arith::registerValueBoundsOpInterfaceExternalModels(registry);
  mlir::scf::registerValueBoundsOpInterfaceExternalModels(registry);
  mlir::tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  dtc::cpu::registerDialects(registry);
  dtc::cuda::registerDialects(registry);
}

void dtc::registerAllPasses() {
  mlir::registerTransformsPasses();
  mlir::dt::registerDtcTransformsPasses();
  mlir::dt::registerDtcConversionPasses();
  dtc::cpu::registerDtcCpuPasses();
  dtc::cuda::registerDtcCudaPasses();
}
