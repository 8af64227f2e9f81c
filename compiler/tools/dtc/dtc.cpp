//===- dtc.cpp - the dtc compiler driver ----------------------------------===//
//
//   dtc MODEL.mlir --weights=W.safetensors [--fix-knob=NAME=VALUE]...
//       [--add-passes=PIPELINE] [--load-pass-plugin=P.so]
//       [--emit=dt|linalg|llvm|obj] [--cpu=CPU] [-o OUT]
//
//===----------------------------------------------------------------------===//

#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/driver/Driver.h"
#include "compiler/registration/Plugins.h"
#include "compiler/registration/Registration.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

namespace cl = llvm::cl;

namespace {
enum class Emit { Dt, Linalg, LLVM, Object };

cl::OptionCategory category("dtc options");
cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                               cl::Required, cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Output file (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(category));
cl::opt<std::string> weightsFile(
    "weights",
    cl::desc("The .safetensors file whose tensors bind to the model's "
             "dt.param declarations (a missing, extra or mis-shaped tensor is "
             "an error naming it); their shapes make the model's dynamic "
             "dimensions static"),
    cl::value_desc("file"), cl::cat(category));
cl::list<std::string> fixedKnobs(
    "fix-knob",
    cl::desc("Fix a run-time knob at compile time (NAME=VALUE, repeatable); "
             "the knob disappears from the compiled model"),
    cl::value_desc("name=value"), cl::cat(category));
cl::opt<std::string> extraPasses(
    "add-passes",
    cl::desc("Passes to run after the dt-level pipeline, as a textual "
             "pipeline without a builtin.module(...) wrapper, e.g. passes "
             "of a --load-pass-plugin"),
    cl::value_desc("pipeline"), cl::cat(category));
cl::list<std::string> passPlugins(
    "load-pass-plugin", cl::desc("Load passes from a plugin library"),
    cl::value_desc("file"), cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce (.dtb packaging is not built yet)"),
    cl::init(Emit::Dt),
    cl::values(
        clEnumValN(Emit::Dt, "dt",
                   "dt IR after the dt-level pipeline (weights bound, layers "
                   "inlined, knobs fixed, shapes refined)"),
        clEnumValN(Emit::Linalg, "linalg",
                   "linalg on tensors: every op lowered, parameters and knobs "
                   "as entry-point arguments"),
        clEnumValN(Emit::LLVM, "llvm", "LLVM IR for the CPU"),
        clEnumValN(Emit::Object, "obj",
                   "an x86-64 ELF object file; entry points are callable as "
                   "_mlir_ciface_NAME")),
    cl::cat(category));
cl::opt<std::string> cpu(
    "cpu",
    cl::desc("Target CPU: x86-64-v3 (AVX2), x86-64-v4 (AVX-512), native, or "
             "any LLVM CPU name"),
    cl::init("x86-64-v3"), cl::cat(category));
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!dtc::checkPluginArguments(argc, argv))
    return 1;
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  dtc::registerAllPasses();
  // --help shows dtc's options and the MLIR debugging options that matter to
  // a compiler user; everything else stays reachable through --help-hidden.
  auto &all = cl::getRegisteredOptions();
  for (llvm::StringRef name :
       {"mlir-print-ir-after-all", "mlir-print-ir-before-all",
        "mlir-print-ir-after-failure", "mlir-timing", "mlir-pass-statistics",
        "mlir-print-debuginfo"})
    if (cl::Option *option = all.lookup(name))
      option->addCategory(category);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "dtc: compiles a dt model (see docs/user-guide.md)\n");

  for (const std::string &path : passPlugins) {
    auto plugin = mlir::PassPlugin::load(path);
    if (!plugin) {
      llvm::errs() << "error: cannot load plugin '" << path
                   << "': " << llvm::toString(plugin.takeError()) << "\n";
      return 1;
    }
    plugin->registerPassRegistryCallbacks();
  }

  mlir::DialectRegistry registry;
  dtc::registerAllDialects(registry);
  dtc::cpu::registerDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string error;
  auto input = mlir::openInputFile(inputFile, &error);
  if (!input) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  dtc::CompileOptions options;
  options.weightsFile = weightsFile;
  options.fixedKnobs.assign(fixedKnobs.begin(), fixedKnobs.end());
  options.extraPasses = extraPasses;
  options.stage = emit == Emit::Dt       ? dtc::Stage::Dt
                  : emit == Emit::Linalg ? dtc::Stage::Linalg
                                         : dtc::Stage::LLVM;

  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  mlir::OwningOpRef<mlir::ModuleOp> module;
  {
    mlir::TimingScope scope = timing.getRootScope();
    module = dtc::compile(sourceMgr, context, options, scope);
  }
  if (!module)
    return 1;

  auto output = mlir::openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  if (emit == Emit::LLVM) {
    if (mlir::failed(dtc::cpu::emitLLVMIR(*module, output->os())))
      return 1;
  } else if (emit == Emit::Object) {
    if (mlir::failed(dtc::cpu::emitObject(*module, {cpu, 2}, output->os())))
      return 1;
  } else {
    module->print(output->os());
    output->os() << "\n";
  }
  output->keep();
  return 0;
}
