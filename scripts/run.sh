#!/usr/bin/env bash
# Sets up dtc (scripts/setup.sh) and runs the main job on a zoo model
# (default: vit_token_select): `dtc` compiles it through the dt-level
# pipeline (weights bound when given, per-layer functions inlined, knobs
# fixed, shapes refined, folded) and the job prints the resulting IR with a
# summary of its entry points, run-time knobs and conditional-compute sites.
# Code generation, the .dtb artifact and `dtc-run` come with issue 3.
#
#   scripts/run.sh [MODEL] [--weights W.safetensors] [--fix-knob KNOB=VALUE]...
#
# e.g. `scripts/run.sh vit_token_select --fix-knob keep_rate=1.0` removes
# token selection at compile time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

model=vit_token_select
args=()
while (($#)); do
  case "$1" in
    --fix-knob|--weights) args+=("$1=$2"); shift 2 ;;
    --fix-knob=*|--weights=*) args+=("$1"); shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) model=$1; shift ;;
  esac
done
file=$root/zoo/$model/model.mlir
if [ ! -f "$file" ]; then
  echo "run.sh: no zoo model '$model' (have: $(cd "$root/zoo" && ls -d */ | tr -d / | tr '\n' ' '))" >&2
  exit 2
fi

"$root/scripts/setup.sh" >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$build/bin/dtc" "$file" "${args[@]}" \
  --load-pass-plugin="$build/lib/libDtcExamplePassPlugin.so" \
  --add-passes=example-annotate-conditional-sites -o "$out/model.mlir"

echo "== dtc $model ${args[*]}"
cat "$out/model.mlir"
echo "== summary"
echo "entry points:      $(grep -oE '^  func.func @[A-Za-z0-9_]+' "$out/model.mlir" | sed 's/.*@//' | tr '\n' ' ')"
echo "run-time knobs:    $(grep -cE '^  dt.knob ' "$out/model.mlir" || true)"
grep -E '^  dt.knob ' "$out/model.mlir" | sed 's/^  dt.knob /  /' || true
echo "conditional sites: $(grep -oE 'example.sites = \{[^}]*\}' "$out/model.mlir" | sed 's/example.sites = //')"
echo "dt ops:            $(grep -oE 'dt\.[a-z_]+ ' "$out/model.mlir" | sort | uniq -c | sort -rn | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//')"
