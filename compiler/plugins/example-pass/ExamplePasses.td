//===- ExamplePasses.td - the example plugin's pass --------*- tablegen -*-===//

#ifndef DTC_EXAMPLE_PLUGIN_PASSES_TD
#define DTC_EXAMPLE_PLUGIN_PASSES_TD

include "mlir/Pass/PassBase.td"

def AnnotateConditionalSites
    : Pass<"example-annotate-conditional-sites", "::mlir::ModuleOp"> {
  let summary = "Numbers the conditional-compute sites of a module";
  let description = [{
    An example of a pass plugin built against dtc's public headers. It finds
    every op implementing `dt::ConditionalComputeOpInterface`, tags it with
    `example.site = "<kind>#<n>"` (numbered per kind in program order) and
    records the count per kind on the module as `example.sites`.
  }];
}

#endif // DTC_EXAMPLE_PLUGIN_PASSES_TD
