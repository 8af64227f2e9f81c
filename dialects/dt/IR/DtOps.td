//===- DtOps.td - all ops of the dt dialect ----------------*- tablegen -*-===//

#ifndef DT_OPS_TD
#define DT_OPS_TD

include "dialects/dt/IR/DtParamOps.td"
include "dialects/dt/IR/DtDenseOps.td"
include "dialects/dt/IR/DtConditionalOps.td"

#endif // DT_OPS_TD
