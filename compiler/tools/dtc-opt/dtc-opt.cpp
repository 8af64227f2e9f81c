//===- dtc-opt.cpp - dtc's mlir-opt ---------------------------------------===//
//
// Runs dt passes and the upstream passes dtc uses on .mlir files; loads pass
// and dialect plugins with --load-pass-plugin / --load-dialect-plugin.
//
//===----------------------------------------------------------------------===//

#include "compiler/registration/Plugins.h"
#include "compiler/registration/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  if (!dtc::checkPluginArguments(argc, argv))
    return 1;
  mlir::DialectRegistry registry;
  dtc::registerAllDialects(registry);
  dtc::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dtc optimizer driver\n", registry));
}
