//===- CpuFeatures.cpp - CPU features an artifact may require -------------===//

#include "runtime/core/CpuFeatures.h"

std::optional<bool> dtc::hostHasCpuFeature(std::string_view feature) {
  // __builtin_cpu_supports takes only string literals.
#define DTC_FEATURE(name)                                                      \
  if (feature == name)                                                         \
    return __builtin_cpu_supports(name) != 0;
  DTC_FEATURE("sse4.2")
  DTC_FEATURE("popcnt")
  DTC_FEATURE("avx")
  DTC_FEATURE("avx2")
  DTC_FEATURE("fma")
  DTC_FEATURE("bmi")
  DTC_FEATURE("bmi2")
  DTC_FEATURE("f16c")
  DTC_FEATURE("avx512f")
  DTC_FEATURE("avx512cd")
  DTC_FEATURE("avx512bw")
  DTC_FEATURE("avx512dq")
  DTC_FEATURE("avx512vl")
  DTC_FEATURE("avx512vnni")
  DTC_FEATURE("avx512bf16")
  DTC_FEATURE("avx512vbmi")
  DTC_FEATURE("avx512ifma")
  DTC_FEATURE("avx512fp16")
#undef DTC_FEATURE
  return std::nullopt;
}
