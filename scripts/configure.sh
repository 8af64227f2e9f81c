#!/usr/bin/env bash
# Configures the build folder BUILD with dtc's toolchain (clang-22, lld,
# Debian's LLVM/MLIR 22.1, ccache when present) and the CMake OPTIONS given;
# setup.sh, sanitize.sh and fuzz.sh all configure through it.
#
#   scripts/configure.sh BUILD [-DOPTION=VALUE ...]
#
# A folder configured before keeps its cache: only OPTIONS are set again
# (naming the compilers a second time would make CMake start it afresh).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$1
shift

if [ -f "$build/CMakeCache.txt" ]; then
  (($#)) && cmake -B "$build" "$@" >/dev/null
  exit 0
fi
python=$(python3 -c 'import sys; print(sys.executable)')
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
                                          -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -G Ninja -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE="${DTC_BUILD_TYPE:-Release}" \
  -DCMAKE_PREFIX_PATH=/usr/lib/llvm-22 \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DLLVM_USE_LINKER=lld -DPython3_EXECUTABLE="$python" "${launcher[@]}" "$@"
