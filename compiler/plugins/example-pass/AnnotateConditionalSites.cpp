//===- AnnotateConditionalSites.cpp - an example dtc pass plugin ----------===//
//
// Load with: dtc-opt --load-pass-plugin=libDtcExamplePassPlugin.so
//                    --example-annotate-conditional-sites model.mlir
// It uses only dtc's public dialect headers, as a plugin built outside the
// tree would; docs/writing-passes.md walks through it.
//
//===----------------------------------------------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/ADT/MapVector.h"

namespace example {
#define GEN_PASS_DECL
#define GEN_PASS_DEF_ANNOTATECONDITIONALSITES
#define GEN_PASS_REGISTRATION
#include "compiler/plugins/example-pass/ExamplePasses.h.inc"
} // namespace example

namespace {
struct AnnotateConditionalSitesPass
    : example::impl::AnnotateConditionalSitesBase<
          AnnotateConditionalSitesPass> {
  void runOnOperation() override {
    mlir::ModuleOp module = getOperation();
    mlir::Builder b(&getContext());
    llvm::MapVector<llvm::StringRef, int64_t> counts;
    module.walk([&](mlir::dt::ConditionalComputeOpInterface op) {
      llvm::StringRef kind = op.getConditionalKind();
      int64_t n = counts[kind]++;
      op->setAttr("example.site",
                  b.getStringAttr(kind + "#" + std::to_string(n)));
    });
    llvm::SmallVector<mlir::NamedAttribute> entries;
    for (auto [kind, n] : counts)
      entries.push_back(b.getNamedAttr(kind, b.getI64IntegerAttr(n)));
    module->setAttr("example.sites", b.getDictionaryAttr(entries));
  }
};
} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DtcExamplePassPlugin", "v0.1",
          []() { example::registerAnnotateConditionalSites(); }};
}
