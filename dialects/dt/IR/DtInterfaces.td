//===- DtInterfaces.td - dt op interfaces ------------------*- tablegen -*-===//

#ifndef DT_INTERFACES_TD
#define DT_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Dt_ConditionalComputeOpInterface :
    OpInterface<"ConditionalComputeOpInterface"> {
  let cppNamespace = "::mlir::dt";
  let description = [{
    Implemented by every op that decides at run time how much of the network
    runs: which tokens (token selection), which experts (routing) or how deep
    (early exit). Passes and plugins use it to find the decision points without
    naming each op; the runtime reports statistics per such site.
  }];
  let methods = [
    InterfaceMethod<[{
        The family of conditional compute: "token_selection", "early_exit" or
        "expert_routing".
      }], "::llvm::StringRef", "getConditionalKind">,
  ];
}

#endif // DT_INTERFACES_TD
