//===- Statistics.h - counters compiled code keeps during a run -*- C++ -*-===//
//
// Compiled code calls dtc_rt_count(name, index, value) where the model's
// conditional ops decide (dt-count-decisions). The session running it
// collects the counters of each call through a thread-local, as kernels find
// their pool: compiled code calls the runtime without a context argument.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_STATISTICS_H
#define RUNTIME_CORE_STATISTICS_H

#include "dtc/Runtime.h"

#include <vector>

namespace dtc::detail {

/// The counters of one call, in the order they were first touched.
class RunStatistics {
public:
  void add(const char *name, int64_t index, int64_t value);
  std::vector<Statistic> take();

private:
  // Names are constant strings of the loaded code, alive while it runs; two
  // call sites may hold equal copies of one name.
  std::vector<std::pair<const char *, std::vector<int64_t>>> counters_;
};

/// Makes `statistics` the target of dtc_rt_count on this thread while alive.
class ScopedStatistics {
public:
  explicit ScopedStatistics(RunStatistics *statistics);
  ~ScopedStatistics();

private:
  RunStatistics *previous_;
};

} // namespace dtc::detail

#endif // RUNTIME_CORE_STATISTICS_H
