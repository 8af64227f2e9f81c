//===- CudaDriver.h - finding CUDA devices through the driver API -*- C++ -*-===//
//
// The runtime reaches the GPU through the CUDA driver API (libcuda.so.1,
// installed with the NVIDIA driver), opened at run time: libdtc_runtime
// builds, links and loads on machines without the driver, and asking for a
// CUDA device there is an error value, not a failure to start.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CUDA_CUDADRIVER_H
#define RUNTIME_CUDA_CUDADRIVER_H

#include "dtc/Result.h"

#include <string>

namespace dtc::detail {

struct CudaDeviceInfo {
  int ordinal = 0;
  std::string name;
  /// Compute capability, e.g. 9.0 for an H100.
  int major = 0, minor = 0;
  /// "sm_90".
  std::string chip() const;
};

/// Opens the CUDA driver and describes device `ordinal`; the error says why
/// there is none ("no CUDA device: ...").
Result<CudaDeviceInfo> findCudaDevice(int ordinal);

} // namespace dtc::detail

#endif // RUNTIME_CUDA_CUDADRIVER_H
