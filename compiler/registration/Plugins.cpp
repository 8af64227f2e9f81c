//===- Plugins.cpp - checking plugin arguments of dtc tools ---------------===//

#include "compiler/registration/Plugins.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/WithColor.h"

namespace {
/// The path given to `flag` by argument `i`, as `--flag=PATH` or `--flag PATH`.
std::optional<llvm::StringRef> pluginPath(int argc, char **argv, int &i,
                                          llvm::StringRef flag) {
  llvm::StringRef arg(argv[i]);
  if (!arg.consume_front("--") && !arg.consume_front("-"))
    return std::nullopt;
  if (!arg.consume_front(flag))
    return std::nullopt;
  if (arg.consume_front("="))
    return arg;
  if (arg.empty() && i + 1 < argc)
    return llvm::StringRef(argv[++i]);
  return std::nullopt;
}

bool report(llvm::StringRef path, llvm::Error error) {
  llvm::WithColor::error() << "cannot load plugin '" << path
                           << "': " << llvm::toString(std::move(error)) << "\n";
  return false;
}
} // namespace

bool dtc::checkPluginArguments(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    if (auto path = pluginPath(argc, argv, i, "load-pass-plugin")) {
      if (auto plugin = mlir::PassPlugin::load(path->str()); !plugin)
        return report(*path, plugin.takeError());
    } else if (auto path = pluginPath(argc, argv, i, "load-dialect-plugin")) {
      if (auto plugin = mlir::DialectPlugin::load(path->str()); !plugin)
        return report(*path, plugin.takeError());
    }
  }
  return true;
}
