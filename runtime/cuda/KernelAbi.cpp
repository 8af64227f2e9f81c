//===- KernelAbi.cpp - the CUDA functions of the dtc_rt_* ABI -------------===//
//
// Host code compiled with --target=cuda calls these. This runtime has no
// CUDA executor yet (Runtime::create refuses CUDA devices), so no session
// runs such code: a launch can only come from code called outside one, and
// fails the run like a failed check.
//
//===----------------------------------------------------------------------===//

#include "runtime/kernels/KernelAbi.h"

extern "C" void dtc_rt_gpu_launch(const char *name, int64_t, int64_t, int64_t,
                                  int64_t, int64_t, int64_t, int64_t, void **,
                                  int64_t) {
  (void)name;
  dtc_rt_fail("a CUDA kernel launch outside a session of a CUDA runtime");
}

extern "C" void dtc_rt_device_sync(void) {}
