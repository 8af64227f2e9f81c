//===- Failure.h - run-time checks of compiled code as error values -*- C++ -*-===//
//
// Compiled code checks what its input shapes imply (a dynamic extent that
// must equal a weight's, an index inside its table) and calls dtc_rt_fail
// when a check fails; the runtime fails the run the same way when memory
// the compiled code asked for cannot be had. The session's call returns here
// through longjmp, so the failure becomes an error value instead of an
// abort or a write through a null pointer. Only compiled frames and runtime
// frames without destructors lie between; the blocks the run had allocated
// are taken back by the session's block cache.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_FAILURE_H
#define RUNTIME_CORE_FAILURE_H

#include "runtime/core/LoadedModel.h"

#include <cstdint>
#include <optional>
#include <string>

namespace dtc::detail {

struct RunFailure {
  /// False: a run-time check of the compiled code failed at `message` (its
  /// location and what it checked). True: `message` is "out of memory: ...".
  bool outOfMemory;
  std::string message;
};

/// Calls `entry(args)`; returns why it failed, or nullopt when the call
/// completed.
std::optional<RunFailure> callGuarded(PackedEntry entry, void **args);

/// Fails the run guarded on this thread with "out of memory: `bytes` bytes
/// for `what`". Returns only where no run is guarded (code called outside a
/// session), and then the caller reports the failure itself.
void failOutOfMemory(uint64_t bytes, const char *what);

} // namespace dtc::detail

#endif // RUNTIME_CORE_FAILURE_H
