//===- MlirFuzzer.cpp - libFuzzer target: the dt parser and verifiers -----===//
//
// Parses the input as MLIR source with every dialect dtc's tools register,
// verifies it, and prints what verifies (custom printers may assume verified
// IR, never more). Diagnostics are the expected outcome for most inputs and
// are dropped; a crash, a sanitizer report or a hang is a finding.
//
// MLIR's own parser lives in Debian's uninstrumented libMLIR.so, so coverage
// guides the fuzzer through dtc's code only: the dt dialect's custom
// parsers, verifiers, type inference and printers.
//
//===----------------------------------------------------------------------===//

#include "compiler/registration/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    dtc::registerAllDialects(*r);
    return r;
  }();
  // A fresh context per input: what one input uniques (attributes, types)
  // cannot grow memory or change the outcome of the next.
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler drop(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::ParserConfig config(&context, /*verifyAfterParse=*/false);
  // MLIR's lexer stops at a NUL byte and reads one past a token at the end of
  // the text: it needs the terminator that files read through a SourceMgr
  // (as dtc and dtc-opt read them) have, and libFuzzer's bytes do not.
  std::string source(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, config, "fuzz.mlir");
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return 0;
}
