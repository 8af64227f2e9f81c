#!/usr/bin/env bash
# Builds dtc's libFuzzer targets (test/fuzz, -DDTC_FUZZ=ON: coverage, ASan,
# UBSan) into ./build-fuzz (or $DTC_BUILD_DIR) and runs them from their seed
# corpora, each for SECONDS (default 30), through their ctest tests.
#
#   scripts/fuzz.sh                  # every target, 30 s each
#   scripts/fuzz.sh npy 600          # one target (artifact, safetensors, npy,
#                                    # mlir or all) for 10 minutes
#
# Crash inputs go to build-fuzz/test/fuzz/work/TARGET/crashes/, new corpus
# entries to .../work/TARGET/corpus/; the full output to
# build-fuzz/fuzz-logs/. DTC_JOBS fuzzers run at once (default 1; 2 on two
# free cores). docs/fuzzing.md says how to run them for hours.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build-fuzz}
target=${1:-all}
seconds=${2:-30}
jobs=${DTC_JOBS:-1}

case $target in
  all) pattern='^fuzz-' ;;
  artifact|safetensors|npy|mlir) pattern="^fuzz-$target\$" ;;
  *) echo "fuzz: unknown target '$target' (artifact, safetensors, npy, mlir, all)" >&2
     exit 1 ;;
esac

options=(-DDTC_FUZZ=ON -DDTC_FUZZ_SECONDS="$seconds")
"$root/scripts/configure.sh" "$build" "${options[@]}" >/dev/null
# Only what the fuzzers need; the build's two cores are shared.
nice -n 10 cmake --build "$build" --target dtc-fuzzers -j "${DTC_BUILD_JOBS:-2}"

mkdir -p "$build/fuzz-logs"
log=$build/fuzz-logs/$target-$(date +%Y%m%d-%H%M%S).log
stamp=$build/fuzz-logs/.started && touch "$stamp"
status=0
(cd "$build" && nice -n 10 ctest -V -j "$jobs" -R "$pattern") >"$log" 2>&1 ||
  status=$?

# Per target: pass or fail, executions per second, new inputs, memory
# (ctest -V prefixes each line of a test's output with its number).
awk '/Test +#[0-9]+: fuzz-/ { sub(/^[0-9]+\/[0-9]+ /, ""); print }
     /stat::(average_exec_per_sec|new_units_added|peak_rss_mb)/ {
       n = $1; sub(/:$/, "", n); sub(/^stat::/, "", $2); stats[n] = stats[n] " " $2 " " $3 }
     /^[0-9]+: Test command:/ { n = $1; sub(/:$/, "", n); match($0, /dtc-fuzz-[a-z]+/)
                               target[n] = substr($0, RSTART + 9, RLENGTH - 9) }
     END { for (n in stats) printf "  %s:%s\n", target[n], stats[n] }' "$log" || true
crashes=$(find "$build/test/fuzz/work" -path '*/crashes/*' -type f -newer "$stamp" 2>/dev/null || true)
if [ -n "$crashes" ]; then
  echo "fuzz: findings (inputs saved):"
  echo "$crashes"
  [ "$status" -ne 0 ] || status=1
fi
echo "fuzz: full output in $log"
exit "$status"
