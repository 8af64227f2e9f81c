//===- CudaDriver.cpp - finding CUDA devices through the driver API -------===//

#include "runtime/cuda/CudaDriver.h"

#include <dlfcn.h>

using namespace dtc;
using namespace dtc::detail;

namespace {

// The few driver API declarations used here, as cuda.h has them; the
// driver's ABI keeps them stable, and the runtime need not be built with
// the toolkit.
using CUresult = int;
using CUdevice = int;
constexpr CUresult CUDA_SUCCESS = 0;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

struct Driver {
  CUresult (*init)(unsigned) = nullptr;
  CUresult (*deviceGetCount)(int *) = nullptr;
  CUresult (*deviceGet)(CUdevice *, int) = nullptr;
  CUresult (*deviceGetName)(char *, int, CUdevice) = nullptr;
  CUresult (*deviceGetAttribute)(int *, int, CUdevice) = nullptr;
  CUresult (*getErrorString)(CUresult, const char **) = nullptr;

  std::string describe(CUresult result) const {
    const char *text = nullptr;
    if (getErrorString && getErrorString(result, &text) == CUDA_SUCCESS && text)
      return std::string(text) + " (CUresult " + std::to_string(result) + ")";
    return "CUresult " + std::to_string(result);
  }
};

/// The driver, opened once per process; an error if it cannot be.
const Result<Driver> &driver() {
  static const Result<Driver> opened = []() -> Result<Driver> {
    void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library)
      return Error{std::string("no CUDA device: cannot load the CUDA driver "
                               "(libcuda.so.1): ") +
                       dlerror(),
                   ErrorCode::NotFound};
    Driver d;
    auto bind = [&](auto &function, const char *name) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(
          dlsym(library, name));
      return function != nullptr;
    };
    if (!bind(d.init, "cuInit") || !bind(d.deviceGetCount, "cuDeviceGetCount") ||
        !bind(d.deviceGet, "cuDeviceGet") ||
        !bind(d.deviceGetName, "cuDeviceGetName") ||
        !bind(d.deviceGetAttribute, "cuDeviceGetAttribute") ||
        !bind(d.getErrorString, "cuGetErrorString"))
      return Error{"no CUDA device: libcuda.so.1 lacks a driver API function "
                   "(driver too old?)",
                   ErrorCode::NotFound};
    if (CUresult r = d.init(0); r != CUDA_SUCCESS)
      return Error{"no CUDA device: cuInit failed: " + d.describe(r),
                   ErrorCode::NotFound};
    return d;
  }();
  return opened;
}

} // namespace

std::string CudaDeviceInfo::chip() const {
  return "sm_" + std::to_string(major) + std::to_string(minor);
}

Result<CudaDeviceInfo> detail::findCudaDevice(int ordinal) {
  const Result<Driver> &d = driver();
  if (!d)
    return d.failure();
  int count = 0;
  if (CUresult r = d->deviceGetCount(&count); r != CUDA_SUCCESS)
    return Error{"no CUDA device: cuDeviceGetCount failed: " + d->describe(r),
                 ErrorCode::NotFound};
  if (ordinal < 0 || ordinal >= count)
    return Error{"no CUDA device " + std::to_string(ordinal) +
                     ": this machine has " + std::to_string(count),
                 ErrorCode::NotFound};
  CUdevice device = 0;
  if (CUresult r = d->deviceGet(&device, ordinal); r != CUDA_SUCCESS)
    return Error{"no CUDA device " + std::to_string(ordinal) +
                     ": cuDeviceGet failed: " + d->describe(r),
                 ErrorCode::NotFound};
  CudaDeviceInfo info;
  info.ordinal = ordinal;
  char name[256] = {};
  if (d->deviceGetName(name, sizeof(name) - 1, device) == CUDA_SUCCESS)
    info.name = name;
  if (CUresult r = d->deviceGetAttribute(
          &info.major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
      r != CUDA_SUCCESS)
    return Error{"CUDA device " + std::to_string(ordinal) +
                     ": cannot read its compute capability: " + d->describe(r),
                 ErrorCode::Unsupported};
  if (CUresult r = d->deviceGetAttribute(
          &info.minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
      r != CUDA_SUCCESS)
    return Error{"CUDA device " + std::to_string(ordinal) +
                     ": cannot read its compute capability: " + d->describe(r),
                 ErrorCode::Unsupported};
  return info;
}
