#!/usr/bin/env bash
# Sets up dtc (scripts/setup.sh) and runs the main job on a zoo model
# (default: vit_token_select). Until the compiler backend lands (issue 3), the
# job is the dt-level pipeline: parse and verify the model, inline its
# per-layer functions, fold and clean up, and report its run-time knobs and
# conditional-compute sites.
#
#   scripts/run.sh [MODEL] [--set KNOB=VALUE]...
#
# --set fixes a knob at compile time (dt-specialize-knobs), e.g.
# `scripts/run.sh vit_token_select --set keep_rate=1.0` removes selection.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

model=vit_token_select
knobs=()
while (($#)); do
  case "$1" in
    --set) knobs+=("$2"); shift 2 ;;
    --set=*) knobs+=("${1#--set=}"); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) model=$1; shift ;;
  esac
done
file=$root/zoo/$model/model.mlir
if [ ! -f "$file" ]; then
  echo "run.sh: no zoo model '$model' (have: $(ls "$root/zoo" | tr '\n' ' '))" >&2
  exit 2
fi

"$root/scripts/setup.sh" >/dev/null

passes=(--inline)
if ((${#knobs[@]})); then
  passes+=("--dt-specialize-knobs=knobs=$(IFS=,; echo "${knobs[*]}")")
fi
passes+=(--canonicalize --cse)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
plugin=$build/lib/libDtcExamplePassPlugin.so
"$build/bin/dtc-opt" "$file" "${passes[@]}" -o "$out/model.mlir"
"$build/bin/dtc-opt" "$out/model.mlir" --load-pass-plugin="$plugin" \
  --pass-pipeline="builtin.module(example-annotate-conditional-sites)" \
  -o "$out/annotated.mlir"

echo "== $model: dt IR after ${passes[*]}"
cat "$out/model.mlir"
echo
echo "== summary"
echo "entry points:   $(grep -oE '^  func.func @[A-Za-z0-9_]+' "$out/model.mlir" | sed 's/.*@//' | tr '\n' ' ')"
echo "run-time knobs: $(grep -cE '^  dt.knob ' "$out/model.mlir" || true)"
grep -E '^  dt.knob ' "$out/model.mlir" | sed 's/^  dt.knob /  /' || true
echo "conditional sites: $(grep -oE 'example.sites = \{[^}]*\}' "$out/annotated.mlir" | sed 's/example.sites = //')"
echo "dt ops: $(grep -oE 'dt\.[a-z_]+' "$out/model.mlir" | sort | uniq -c | sort -rn | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//')"
