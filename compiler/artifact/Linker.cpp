//===- Linker.cpp - object file to shared object --------------------------===//

#include "compiler/artifact/Linker.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#ifndef DTC_LLD_PATH
#error "DTC_LLD_PATH must be defined by the build"
#endif

std::optional<std::string> dtc::linkSharedObject(llvm::StringRef object,
                                                 std::string &error) {
  // DTC_LLD overrides the linker found at configure time.
  std::string linker = DTC_LLD_PATH;
  if (const char *env = std::getenv("DTC_LLD"))
    linker = env;

  llvm::SmallString<128> objectPath, sharedPath, logPath;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dtc-host", "o",
                                                               objectPath)) {
    error = "cannot create a temporary file: " + ec.message();
    return std::nullopt;
  }
  auto removeObject =
      llvm::make_scope_exit([&] { llvm::sys::fs::remove(objectPath); });
  if (llvm::sys::fs::createTemporaryFile("dtc-host", "so", sharedPath) ||
      llvm::sys::fs::createTemporaryFile("dtc-link", "log", logPath)) {
    error = "cannot create a temporary file";
    return std::nullopt;
  }
  auto removeOthers = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(sharedPath);
    llvm::sys::fs::remove(logPath);
  });
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objectPath, ec);
    os << object;
    if (ec || os.has_error()) {
      error = "cannot write '" + objectPath.str().str() + "'";
      return std::nullopt;
    }
  }
  llvm::SmallVector<llvm::StringRef> args = {
      linker, "-shared", "--hash-style=gnu", "-z", "now", "-z", "relro",
      "-z", "noexecstack", "--build-id=none", "-o", sharedPath, objectPath};
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath.str(),
                                                logPath.str()};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(linker, args, std::nullopt, redirects,
                                     /*SecondsToWait=*/0, /*MemoryLimit=*/0,
                                     &message);
  if (rc != 0) {
    auto log = llvm::MemoryBuffer::getFile(logPath);
    error = "'" + linker + "' " +
            (rc < 0 ? "could not run: " + message
                    : "failed: " + (log ? (*log)->getBuffer().trim().str()
                                        : std::string("(no output)")));
    return std::nullopt;
  }
  auto shared = llvm::MemoryBuffer::getFile(sharedPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!shared) {
    error = "cannot read the linked code: " + shared.getError().message();
    return std::nullopt;
  }
  return (*shared)->getBuffer().str();
}
