//===- Failure.cpp - run-time checks of compiled code as error values -----===//

#include "runtime/core/Failure.h"
#include "runtime/kernels/KernelAbi.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>

namespace {
struct Guard {
  std::jmp_buf resume;
  const char *message = nullptr;
  bool outOfMemory = false;
  // The out-of-memory message: no allocation may happen while failing.
  char buffer[192];
};
thread_local Guard *current = nullptr;
} // namespace

// Nothing here has a destructor: longjmp skips none.
std::optional<dtc::detail::RunFailure>
dtc::detail::callGuarded(PackedEntry entry, void **args) {
  Guard guard;
  Guard *previous = current;
  current = &guard;
  if (setjmp(guard.resume) == 0) {
    entry(args);
    current = previous;
    return std::nullopt;
  }
  current = previous;
  return RunFailure{guard.outOfMemory, std::string(guard.message)};
}

void dtc::detail::failOutOfMemory(uint64_t bytes, const char *what) {
  if (!current)
    return;
  std::snprintf(current->buffer, sizeof(current->buffer),
                "out of memory: %llu bytes for %s",
                static_cast<unsigned long long>(bytes), what);
  current->message = current->buffer;
  current->outOfMemory = true;
  std::longjmp(current->resume, 1);
}

extern "C" void dtc_rt_fail(const char *message) {
  if (!current) {
    // Code linked without the runtime's sessions (dtc --emit=obj): nothing
    // to return to.
    std::fprintf(stderr, "dtc: run-time check failed: %s\n", message);
    std::abort();
  }
  current->message = message;
  current->outOfMemory = false;
  std::longjmp(current->resume, 1);
}
