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
};
thread_local Guard *current = nullptr;
} // namespace

// Nothing here has a destructor: longjmp skips none.
std::optional<std::string> dtc::detail::callGuarded(PackedEntry entry,
                                                    void **args) {
  Guard guard;
  Guard *previous = current;
  current = &guard;
  if (setjmp(guard.resume) == 0) {
    entry(args);
    current = previous;
    return std::nullopt;
  }
  current = previous;
  return std::string(guard.message);
}

extern "C" void dtc_rt_fail(const char *message) {
  if (!current) {
    // Code linked without the runtime's sessions (dtc --emit=obj): nothing
    // to return to.
    std::fprintf(stderr, "dtc: run-time check failed: %s\n", message);
    std::abort();
  }
  current->message = message;
  std::longjmp(current->resume, 1);
}
