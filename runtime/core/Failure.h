//===- Failure.h - run-time checks of compiled code as error values -*- C++ -*-===//
//
// Compiled code checks what its input shapes imply (a dynamic extent that
// must equal a weight's, an index inside its table) and calls dtc_rt_fail
// when a check fails. The session's call returns here through longjmp, so
// the failure becomes an error value instead of an abort. Only compiled
// frames (no destructors) lie between; what they had allocated leaks, until
// activations live in a per-session arena.
//
//===----------------------------------------------------------------------===//

#ifndef RUNTIME_CORE_FAILURE_H
#define RUNTIME_CORE_FAILURE_H

#include "runtime/core/LoadedModel.h"

#include <optional>
#include <string>

namespace dtc::detail {

/// Calls `entry(args)`; returns the message of a failed run-time check, or
/// nullopt when the call completed.
std::optional<std::string> callGuarded(PackedEntry entry, void **args);

} // namespace dtc::detail

#endif // RUNTIME_CORE_FAILURE_H
