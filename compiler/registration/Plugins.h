//===- Plugins.h - checking plugin arguments of dtc tools -------*- C++ -*-===//

#ifndef COMPILER_REGISTRATION_PLUGINS_H
#define COMPILER_REGISTRATION_PLUGINS_H

namespace dtc {
/// Loads every plugin named by --load-pass-plugin / --load-dialect-plugin in
/// `argv` once, before option parsing, and reports the first that cannot be
/// loaded (missing file, not a plugin, wrong API version). Upstream's
/// MlirOptMain only warns and goes on, so a pipeline that names the plugin's
/// passes would fail later with a less helpful message. Returns false on error.
bool checkPluginArguments(int argc, char **argv);
} // namespace dtc

#endif // COMPILER_REGISTRATION_PLUGINS_H
