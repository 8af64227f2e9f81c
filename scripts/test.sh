#!/usr/bin/env bash
# Sets up dtc (scripts/setup.sh: packages, configure, build) and runs the whole
# test suite: the lit suite (FileCheck tests of the dialect, passes, plugin,
# zoo models and tools) and the GoogleTest unit tests, through ctest.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)" "$@"
