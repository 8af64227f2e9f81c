#!/usr/bin/env bash
# Sets up dtc on a fresh Debian bookworm machine: installs the packages it
# needs (only those missing), configures and builds into ./build (or
# $DTC_BUILD_DIR). Safe to run again; a second run only rebuilds what changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

# LLVM/MLIR 22.1 comes from Debian's bookworm security suite (docs/building.md).
packages=(
  cmake ninja-build ccache python3
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libclang-rt-22-dev  # the sanitizer and libFuzzer runtimes (scripts/sanitize.sh)
  libprotobuf-dev protobuf-compiler libeigen3-dev libgtest-dev nlohmann-json3-dev
  libxxhash-dev
  libdnnl-dev  # bench/ only: the peer the GEMM is measured against
)
sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The zoo's weight generators and references, and the tests that run them,
# use numpy with the python3 on PATH.
python=$(python3 -c 'import sys; print(sys.executable)')
if ! "$python" -c 'import numpy' 2>/dev/null; then
  # pip for a user-level Python (pyenv, venv); Debian's own python3 is
  # externally managed (PEP 668), so it gets Debian's python3-numpy.
  "$python" -m pip install --quiet --disable-pip-version-check numpy 2>/dev/null ||
    { $sudo apt-get install -y -qq python3-numpy >/dev/null; }
  "$python" -c 'import numpy' || {
    echo "setup: cannot install numpy for $python" >&2; exit 1; }
fi

"$root/scripts/configure.sh" "$build"
cmake --build "$build"
