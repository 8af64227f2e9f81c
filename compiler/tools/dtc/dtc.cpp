//===- dtc.cpp - the dtc compiler driver ----------------------------------===//
//
//   dtc MODEL.mlir --weights=W.safetensors [--target=cpu|cuda] -o MODEL.dtb
//       [--fix-knob=NAME=VALUE]... [--external-weights] [-O0..-O3]
//       [--add-passes=PIPELINE] [--load-pass-plugin=P.so]
//       [--emit=dt|kernels|llvm|obj|ptx|dtb] [--cpu=CPU] [--cuda-chips=LIST]
//
//===----------------------------------------------------------------------===//

#include "compiler/artifact/ArtifactBuilder.h"
#include "compiler/backends/cpu/CpuBackend.h"
#include "compiler/backends/cuda/CudaBackend.h"
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
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ToolOutputFile.h"

namespace cl = llvm::cl;

namespace {
enum class Emit { Dt, Kernels, LLVM, Object, Ptx, Artifact };

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
    "emit", cl::desc("What to produce (default: dtb)"), cl::init(Emit::Artifact),
    cl::values(
        clEnumValN(Emit::Dt, "dt",
                   "dt IR after the dt-level pipeline (weights bound, layers "
                   "inlined, knobs fixed, shapes refined)"),
        clEnumValN(Emit::Kernels, "kernels",
                   "the kernels as linalg on tensors: every op lowered, "
                   "parameters and knobs as entry-point arguments"),
        clEnumValN(Emit::LLVM, "llvm",
                   "LLVM IR of the host code (before -O)"),
        clEnumValN(Emit::Object, "obj",
                   "an x86-64 ELF object file; entry points are callable as "
                   "_mlir_ciface_NAME (C interface) and _dtc_entry_NAME "
                   "(packed arguments)"),
        clEnumValN(Emit::Ptx, "ptx",
                   "the PTX of every kernel (--target=cuda, one chip in "
                   "--cuda-chips), as ptxas reads it"),
        clEnumValN(Emit::Artifact, "dtb",
                   "the .dtb artifact that dtc-run and the runtime load "
                   "(docs/artifact.md)")),
    cl::cat(category));
cl::opt<std::string> target(
    "target",
    cl::desc("Where the code runs: cpu, or cuda (host code for the CPU that "
             "launches PTX kernels on an NVIDIA GPU; docs/cuda.md)"),
    cl::init("cpu"), cl::cat(category));
cl::list<std::string> cudaChips(
    "cuda-chips",
    cl::desc("The NVIDIA GPU architectures to compile PTX for, with "
             "--target=cuda (default: sm_80,sm_90); the runtime picks the "
             "highest its device runs"),
    cl::value_desc("sm_NN,..."), cl::CommaSeparated, cl::cat(category));
cl::opt<std::string> cpu(
    "cpu",
    cl::desc("Target CPU: x86-64-v3 (AVX2), x86-64-v4 (AVX-512), native, or "
             "any LLVM CPU name; the artifact records the CPU features this "
             "needs and the runtime checks them"),
    cl::init("x86-64-v3"), cl::cat(category));
cl::opt<char> optLevel(
    "O", cl::desc("Optimisation level of code generation: -O0, -O1, -O2 "
                  "(default) or -O3"),
    cl::Prefix, cl::init('2'), cl::cat(category));
enum class Vectorizer { VectorDialect, Llvm };
cl::opt<Vectorizer> vectorizer(
    "vectorizer",
    cl::desc("What vectorises the CPU loops that are not GEMM calls (norms, "
             "softmax, activations, residuals)"),
    cl::values(
        clEnumValN(Vectorizer::VectorDialect, "vector-dialect",
                   "MLIR's vector dialect (dtc-cpu-tile-for-vectors, "
                   "dtc-cpu-vectorize), two vector registers per step "
                   "(default)"),
        clEnumValN(Vectorizer::Llvm, "llvm",
                   "LLVM's loop vectoriser, at -O2 and -O3")),
    cl::init(Vectorizer::VectorDialect), cl::cat(category));

cl::opt<bool> externalWeights(
    "external-weights",
    cl::desc("Refer to the --weights file from the artifact (by name and "
             "checksum) instead of copying the parameters into it"),
    cl::cat(category));
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!dtc::checkPluginArguments(argc, argv))
    return 1;
  // Passes first: --mlir-print-ir-after=PASS looks them up when it is
  // registered.
  dtc::registerAllPasses();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
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
  options.stage = emit == Emit::Dt        ? dtc::Stage::Dt
                  : emit == Emit::Kernels ? dtc::Stage::Linalg
                                          : dtc::Stage::LLVM;
  if (target == "cuda") {
    options.target = dtc::Target::Cuda;
  } else if (target != "cpu") {
    llvm::errs() << "error: unknown target '" << target
                 << "' (this dtc compiles for: cpu, cuda)\n";
    return 1;
  }
  if (!cudaChips.empty()) {
    if (options.target != dtc::Target::Cuda) {
      llvm::errs() << "error: --cuda-chips needs --target=cuda\n";
      return 1;
    }
    options.cuda.chips.assign(cudaChips.begin(), cudaChips.end());
  }
  if (emit == Emit::Ptx && (options.target != dtc::Target::Cuda ||
                            options.cuda.chips.size() != 1)) {
    llvm::errs() << "error: --emit=ptx writes one PTX text: give "
                    "--target=cuda and one chip, e.g. --cuda-chips=sm_90\n";
    return 1;
  }
  if (optLevel < '0' || optLevel > '3') {
    llvm::errs() << "error: unknown optimisation level -O" << optLevel
                 << " (use -O0 to -O3)\n";
    return 1;
  }
  if (externalWeights && weightsFile.empty()) {
    llvm::errs() << "error: --external-weights needs --weights\n";
    return 1;
  }
  if (emit == Emit::Artifact && outputFile == "-" &&
      llvm::sys::Process::StandardOutIsDisplayed()) {
    llvm::errs() << "error: not writing a binary artifact to a terminal; "
                    "give -o MODEL.dtb\n";
    return 1;
  }
  dtc::ArtifactBuilder artifact;
  if (emit == Emit::Artifact)
    options.onStage = [&](mlir::ModuleOp module, dtc::Stage stage) {
      if (stage == dtc::Stage::Dt)
        return artifact.recordDeclarations(module);
      if (stage == dtc::Stage::Linalg)
        return artifact.recordEntryPoints(module);
      return mlir::success();
    };
  dtc::cpu::ObjectOptions object{cpu, static_cast<unsigned>(optLevel - '0')};
  options.cuda.optLevel = object.optLevel;
  options.cpu = cpu;
  options.vectorDialect = vectorizer == Vectorizer::VectorDialect;

  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string pipeline;
  mlir::TimingScope scope = timing.getRootScope();
  module = dtc::compile(sourceMgr, context, options, scope, &pipeline);
  if (!module)
    return 1;

  auto output = mlir::openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  if (emit == Emit::Ptx) {
    auto code = dtc::cuda::getDeviceCode(*module);
    if (mlir::failed(code))
      return 1;
    for (const dtc::cuda::DeviceCode &chip : code->code)
      output->os() << chip.ptx;
  } else if (emit == Emit::LLVM) {
    dtc::cuda::stripDeviceCode(*module);
    if (mlir::failed(dtc::cpu::emitLLVMIR(*module, output->os())))
      return 1;
  } else if (emit == Emit::Object) {
    mlir::TimingScope codegen = scope.nest("Code generation");
    dtc::cuda::stripDeviceCode(*module);
    if (mlir::failed(dtc::cpu::emitObject(*module, object, output->os())))
      return 1;
  } else if (emit == Emit::Artifact) {
    mlir::TimingScope packaging = scope.nest("Code generation and packaging");
    dtc::PackageOptions package;
    package.object = object;
    package.weightsFile = weightsFile;
    package.externalWeights = externalWeights;
    package.outputFile = outputFile;
    package.sourceName = llvm::sys::path::filename(inputFile).str();
    package.sourceText =
        sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBuffer().str();
    package.pipeline = pipeline;
    package.fixedKnobs.assign(fixedKnobs.begin(), fixedKnobs.end());
    if (mlir::failed(artifact.package(*module, package, output->os())))
      return 1;
  } else {
    module->print(output->os());
    output->os() << "\n";
  }
  output->os().flush();
  if (output->os().has_error()) {
    llvm::errs() << "error: cannot write '" << outputFile
                 << "': " << output->os().error().message() << "\n";
    output->os().clear_error();
    return 1;
  }
  output->keep();
  return 0;
}
