#!/usr/bin/env bash
# Sets up dtc (scripts/setup.sh: packages, configure, build) and runs the whole
# test suite: the lit suite (FileCheck tests of the dialect, passes, plugin,
# zoo models and tools) and the GoogleTest unit tests, through ctest.
#
# Then, in CI (CI=true) or with DTC_TEST_SANITIZED=1, the same suite again in
# a second build with AddressSanitizer (leak checking on) and UBSan, plus each
# libFuzzer target for DTC_FUZZ_SECONDS (default 20) from its seed corpus
# (scripts/sanitize.sh; about 15 more minutes on 2 cores). DTC_TEST_SANITIZED=0
# skips that stage even in CI.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
(cd "$build" && ctest --output-on-failure -j "$(nproc)" "$@")

default_sanitized=0
[ "${CI:-}" = true ] && default_sanitized=1
if [ "${DTC_TEST_SANITIZED:-$default_sanitized}" = 1 ]; then
  echo "test: the suite under ASan and UBSan, and the fuzzers"
  DTC_FUZZ_SECONDS=${DTC_FUZZ_SECONDS:-20} DTC_BUILD_DIR= \
    "$root/scripts/sanitize.sh"
fi
