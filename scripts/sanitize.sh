#!/usr/bin/env bash
# Builds dtc with AddressSanitizer (leak checking on) and UndefinedBehavior-
# Sanitizer into ./build-asan (or $DTC_BUILD_DIR) and runs the whole suite
# under them: ctest, that is the lit suite and the unit tests. Every report
# any process writes (tools, test programs, the unit tests) is also kept in
# $build/sanitizer-logs/ and listed at the end, so a finding inside a test
# that expects a failure is not lost. Exit status: non-zero when a test fails
# or any report was written.
#
#   scripts/sanitize.sh              # configure, build, run everything
#   scripts/sanitize.sh -R unit      # extra arguments go to ctest
#
# DTC_SANITIZE_RECOVER=1 surveys instead (into ./build-asan-recover): each
# finding is reported and the program goes on, so one run lists all of them;
# tests fail only on crashes. Allocation stacks of leaks stop at the first
# frame inside Debian's LLVM (built without frame pointers); to follow them,
# add ASAN_OPTIONS=fast_unwind_on_malloc=0 (several times slower).
#
# DTC_SANITIZE picks the sanitizers (default address,undefined), DTC_JOBS the
# build and test parallelism (default 2), DTC_BUILD_TYPE the build type
# (default Release). It needs the packages scripts/setup.sh installs, plus
# libclang-rt-22-dev (the sanitizer runtimes).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
recover=${DTC_SANITIZE_RECOVER:-0}
if [ "$recover" = 1 ]; then
  build=${DTC_BUILD_DIR:-$root/build-asan-recover}
else
  build=${DTC_BUILD_DIR:-$root/build-asan}
fi
sanitizers=${DTC_SANITIZE:-address,undefined}
jobs=${DTC_JOBS:-2}
logs=$build/sanitizer-logs

if [ ! -f "$(clang-22 -print-file-name=libclang_rt.asan-x86_64.a)" ]; then
  echo "sanitize: the sanitizer runtimes are missing (apt-get install libclang-rt-22-dev)" >&2
  exit 1
fi

start=$SECONDS
options=(-DDTC_SANITIZE="$sanitizers" -DDTC_SANITIZE_RECOVER="$([ "$recover" = 1 ] && echo ON || echo OFF)")
# DTC_FUZZ_SECONDS=N also builds the fuzz targets in the same build (their
# coverage instrumentation on top of the sanitizers) and runs each for N
# seconds with the suite: what CI does (scripts/test.sh).
if [ -n "${DTC_FUZZ_SECONDS:-}" ]; then
  options+=(-DDTC_FUZZ=ON -DDTC_FUZZ_SECONDS="$DTC_FUZZ_SECONDS")
fi
"$root/scripts/configure.sh" "$build" "${options[@]}" >/dev/null
nice -n 10 cmake --build "$build" -j "$jobs"
built=$SECONDS

# Reports go to files (one per process, named by pid) as well as failing the
# test: abort_on_error, set by the suite, makes each report a SIGABRT.
# (UBSAN_OPTIONS' log_path is the one that applies when ASan and UBSan share
# a runtime, so all three name the same files.)
rm -rf "$logs" && mkdir -p "$logs"
reporting="log_path=$logs/report"
[ "$recover" = 1 ] && reporting+=":halt_on_error=0"
export ASAN_OPTIONS="$reporting:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="$reporting:${UBSAN_OPTIONS:-}"
export TSAN_OPTIONS="$reporting:${TSAN_OPTIONS:-}"
status=0
(cd "$build" && LIT_OPTS="-j $jobs ${LIT_OPTS:-}" \
  nice -n 10 ctest --output-on-failure -j "$jobs" "$@") || status=$?
tested=$SECONDS

echo "sanitize: build $((built - start)) s, tests $((tested - built)) s"
if [ -z "$(find "$logs" -type f)" ]; then
  echo "sanitize: no sanitizer reports"
  exit "$status"
fi
# Each distinct finding once: its kind, where in dtc's sources (the first
# frame there), how many reports have it, and one report file to read.
python3 - "$logs" "$root" <<'PY'
import os, re, sys
logs, root = sys.argv[1], sys.argv[2] + "/"
start = re.compile(r"ERROR: (\w+Sanitizer): ([\w-]+)|(\S+:\d+:\d+): runtime error: (.*)|"
                   r"(Direct|Indirect) leak of")
frame = re.compile(r"^\s+#\d+ 0x[0-9a-f]+ +(?:in (.*) )?(\S+)$")
found = {}
for name in sorted(os.listdir(logs)):
    path = os.path.join(logs, name)
    kind, fallback = None, None
    def flush(where):
        global kind
        if kind:
            found.setdefault((kind, where or "?"), []).append(path)
        kind = None
    for line in open(path, errors="replace"):
        m = start.search(line)
        if m and m.group(1) != "LeakSanitizer":
            flush(fallback)
            if m.group(3):  # UBSan names the place itself
                message = re.sub(r"0x[0-9a-f]+", "0x...", m.group(4))
                kind, fallback = "UBSan: " + message, None
                flush(m.group(3).replace(root, ""))
            else:
                kind = m.group(2) or m.group(5).lower() + " leak"
                fallback = None
            continue
        f = frame.match(re.sub(r" \(BuildId: \w+\)$", "", line.rstrip()))
        if kind and f:
            func, where = f.group(1) or "", f.group(2).strip("()")
            if not func.startswith("operator()"):
                func = func.split("(")[0]  # the name, without parameters
            if where.startswith(root) and re.search(r":\d+", where):
                flush(where[len(root):] + " in " + func)
            elif not fallback and not re.match(r"(operator new|malloc|calloc|realloc)", func):
                fallback = os.path.basename(where) + (" in " + func if func else "")
    flush(fallback)
print("sanitize: %d distinct findings in %d reports (%s):" %
      (len(found), len(os.listdir(logs)), logs))
for (kind, where), paths in sorted(found.items()):
    print("  %s at %s: %d times, e.g. %s" % (kind, where, len(paths), paths[0]))
PY
[ "$status" -ne 0 ] || status=1
exit "$status"
