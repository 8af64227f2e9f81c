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

namespace dtc {

inline constexpr std::string_view kCheckedCpuFeatures[] = {
    "sse4.2",   "popcnt",     "avx",        "avx2",      "fma",
    "bmi",      "bmi2",       "f16c",       "avx512f",   "avx512cd",
    "avx512bw", "avx512dq",   "avx512vl",   "avx512vnni", "avx512bf16",
    "avx512vbmi", "avx512ifma", "avx512fp16"};

/// Whether this CPU has `feature`; nullopt for a name not in
/// kCheckedCpuFeatures.
std::optional<bool> hostHasCpuFeature(std::string_view feature);

} // namespace dtc

#endif // RUNTIME_CORE_CPUFEATURES_H
