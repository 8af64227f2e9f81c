//===- Linker.h - object file to shared object ------------------*- C++ -*-===//
//
// The host code ships as an ELF shared object, which the runtime dlopens.
// LLVM's lld links it (a separate ld.lld process: Debian's lld library would
// add a static copy of the linker to dtc). Symbols the code imports (malloc,
// free, libm) stay undefined and bind to the process at load time.
//
//===----------------------------------------------------------------------===//

#ifndef COMPILER_ARTIFACT_LINKER_H
#define COMPILER_ARTIFACT_LINKER_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace dtc {

/// The shared object linked from the x86-64 ELF object `object`, or nullopt
/// with `error` set.
std::optional<std::string> linkSharedObject(llvm::StringRef object,
                                            std::string &error);

} // namespace dtc

#endif // COMPILER_ARTIFACT_LINKER_H
