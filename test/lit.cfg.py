# lit configuration for dtc's FileCheck suites.
import os

import lit.formats

config.name = "dtc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dtc_binary_dir, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py.in", "CMakeLists.txt",
                   "unit", "Inputs"]

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
