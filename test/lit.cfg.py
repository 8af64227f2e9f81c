# lit configuration for dtc's FileCheck suites.
import os

import lit.formats

config.name = "dtc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dtc_binary_dir, "test")
# fuzz/ holds libFuzzer targets and seed corpora (.mlir files among them).
config.excludes = ["lit.cfg.py", "lit.site.cfg.py.in", "CMakeLists.txt",
                   "unit", "Inputs", "fuzz"]

# dtc's tools first, then LLVM's FileCheck/not/count.
config.environment["PATH"] = os.pathsep.join(
    [config.dtc_tools_dir, config.llvm_tools_dir,
     config.environment.get("PATH", os.environ.get("PATH", ""))])
config.substitutions.append(("%dtc_lib_dir", config.dtc_lib_dir))
# What an object from `dtc --emit=obj` links to get the runtime's kernels.
config.substitutions.append(
    ("%dtc_runtime_link",
     "-L{0} -ldtc_runtime -Wl,-rpath,{0}".format(config.dtc_lib_dir)))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%mlir_lib_dir", config.llvm_lib_dir))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%llvm_tools_dir", config.llvm_tools_dir))
config.substitutions.append(("%dtc_src_dir", config.dtc_source_dir))
config.substitutions.append(("%dtc_build_dir", config.dtc_binary_dir))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%generator", config.generator))

# ptxas (the CUDA toolkit's PTX assembler) checks the CUDA backend's PTX.
if config.ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", config.ptxas))
else:
    lit_config.note("ptxas not found: the PTX checks are unsupported "
                    "(install the CUDA toolkit)")

# -DDTC_SANITIZE: every dtc tool and test program is instrumented (%cc and
# %cxx are wrappers adding the flags: test/CMakeLists.txt). A finding aborts
# (a signal, which fails a test even under `not`) and leaks are checked at
# exit. Options from the caller's environment (lit passes ASAN_OPTIONS and
# the like through) come last, so they win. Tests that cannot run
# instrumented (address-space limits with prlimit, say) say
# `UNSUPPORTED: asan`.
if config.sanitize:
    sanitizers = config.sanitize.split(",")
    config.available_features.add("sanitizer")
    if "address" in sanitizers:
        config.available_features.add("asan")
    if "undefined" in sanitizers:
        config.available_features.add("ubsan")
    if "thread" in sanitizers:
        config.available_features.add("tsan")

    def add_options(var, options):
        given = config.environment.get(var, "")
        config.environment[var] = ":".join(options + ([given] if given else []))

    # allocator_may_return_null: malloc past ASan's 1 TiB limit returns null,
    # as it does out of memory without ASan; the runtime must turn that into
    # an error value, which is what the tests check.
    add_options("ASAN_OPTIONS", ["detect_leaks=1", "abort_on_error=1",
                                 "allocator_may_return_null=1"])
    add_options("UBSAN_OPTIONS", ["print_stacktrace=1", "abort_on_error=1",
                                  "halt_on_error=1"])
    add_options("LSAN_OPTIONS", ["suppressions=" + config.lsan_suppressions])
    add_options("TSAN_OPTIONS", ["abort_on_error=1"])
    symbolizer = os.path.join(config.llvm_tools_dir, "llvm-symbolizer")
    if os.path.exists(symbolizer):
        for var in ("ASAN_SYMBOLIZER_PATH", "UBSAN_SYMBOLIZER_PATH",
                    "LSAN_SYMBOLIZER_PATH", "TSAN_SYMBOLIZER_PATH"):
            config.environment.setdefault(var, symbolizer)
