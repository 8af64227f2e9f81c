//===- CpuFeatures.cpp - CPU features an artifact may require -------------===//

#include "runtime/core/CpuFeatures.h"

std::optional<bool> dtc::hostHasCpuFeature(std::string_view feature) {
  // __builtin_cpu_supports takes only string literals, hence the expansion.
#define DTC_CHECK_FEATURE(name)                                                \
  if (feature == name)                                                         \
    return __builtin_cpu_supports(name) != 0;
  DTC_CHECKED_CPU_FEATURES(DTC_CHECK_FEATURE)
#undef DTC_CHECK_FEATURE
  return std::nullopt;
}
