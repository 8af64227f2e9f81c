//===- Statistics.cpp - counters compiled code keeps during a run ---------===//

#include "runtime/core/Statistics.h"
#include "runtime/kernels/KernelAbi.h"

#include <algorithm>
#include <cstring>

using namespace dtc;
using namespace dtc::detail;

namespace {
thread_local RunStatistics *current = nullptr;
/// Entries past this are ignored: an index comes from the model's data (an
/// exit head, an expert), and a counter is for reading, not a memory hazard.
constexpr int64_t kMaxEntries = 1 << 16;
} // namespace

void RunStatistics::add(const char *name, int64_t index, int64_t value) {
  if (index < 0 || index >= kMaxEntries)
    return;
  auto it = std::find_if(counters_.begin(), counters_.end(),
                         [&](const auto &c) {
                           return c.first == name ||
                                  std::strcmp(c.first, name) == 0;
                         });
  if (it == counters_.end()) {
    counters_.emplace_back(name, std::vector<int64_t>());
    it = counters_.end() - 1;
  }
  if (size_t(index) >= it->second.size())
    it->second.resize(index + 1, 0);
  it->second[index] += value;
}

std::vector<Statistic> RunStatistics::take() {
  std::vector<Statistic> out;
  for (auto &[name, values] : counters_)
    out.push_back({name, std::move(values)});
  counters_.clear();
  return out;
}

ScopedStatistics::ScopedStatistics(RunStatistics *statistics)
    : previous_(current) {
  current = statistics;
}

ScopedStatistics::~ScopedStatistics() { current = previous_; }

extern "C" void dtc_rt_count(const char *name, int64_t index, int64_t value) {
  if (current)
    current->add(name, index, value);
}
