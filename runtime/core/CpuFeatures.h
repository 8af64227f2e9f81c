//===- CpuFeatures.h - CPU features an artifact may require -----*- C++ -*-===//
//
// dtc records, among the features of the CPU it compiled for, those named
// here; the runtime checks each on the host before loading the code. The
// names are LLVM's (and the compilers' __builtin_cpu_supports').
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_CPUFEATURES_H
#define RUNTIME_CORE_CPUFEATURES_H

#include <optional>
#include <string_view>

/// The one list of checked features, expanded as X("name") per feature.
#define DTC_CHECKED_CPU_FEATURES(X)                                            \
  X("sse4.2") X("popcnt") X("avx") X("avx2") X("fma") X("bmi") X("bmi2")      \
  X("f16c") X("avx512f") X("avx512cd") X("avx512bw") X("avx512dq")            \
  X("avx512vl") X("avx512vnni") X("avx512bf16") X("avx512vbmi")               \
  X("avx512ifma") X("avx512fp16")

namespace dtc {

#define DTC_FEATURE_NAME(name) name,
inline constexpr std::string_view kCheckedCpuFeatures[] = {
    DTC_CHECKED_CPU_FEATURES(DTC_FEATURE_NAME)};
#undef DTC_FEATURE_NAME

/// Whether this CPU has `feature`; nullopt for a name not in
/// kCheckedCpuFeatures.
std::optional<bool> hostHasCpuFeature(std::string_view feature);

} // namespace dtc

#endif // RUNTIME_CORE_CPUFEATURES_H
