#!/usr/bin/env bash
# Sets up dtc (scripts/setup.sh) and runs the main job on a zoo model
# (default: vit_token_select, tiny configuration): generates its weights,
# compiles it with `dtc` to a .dtb artifact, describes the artifact, and runs
# it with `dtc-run` on the zoo's example inputs, printing the outputs and the
# time per run (median of 10 after a warm-up).
#
#   scripts/run.sh [MODEL] [--config tiny|full] [--set KNOB=VALUE]...
#
# e.g. `scripts/run.sh vit_token_select --set keep_rate=0.5` keeps half the
# patch tokens. Artifacts and inputs are left in build/main-job/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DTC_BUILD_DIR:-$root/build}

model=vit_token_select
config=tiny
knobs=()
while (($#)); do
  case "$1" in
    --set) knobs+=("--set=$2"); shift 2 ;;
    --set=*) knobs+=("$1"); shift ;;
    --config) config=$2; shift 2 ;;
    --config=*) config=${1#--config=}; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) model=$1; shift ;;
  esac
done
if [ ! -f "$root/zoo/$model/model.mlir" ]; then
  echo "run.sh: no zoo model '$model' (have: $(cd "$root/zoo" && ls -d */ | grep -v common | tr -d / | tr '\n' ' '))" >&2
  exit 2
fi

"$root/scripts/setup.sh" >/dev/null

python=$(sed -n 's/^config.python_executable = "\(.*\)"/\1/p' "$build/test/lit.site.cfg.py")
work=$build/main-job/$model.$config
mkdir -p "$work"
echo "== weights: zoo/$model/weights.py --config=$config"
"$python" "$root/zoo/$model/weights.py" --config="$config" --seed=0 -o "$work/weights.safetensors"
echo "== dtc zoo/$model/model.mlir -> $work/model.dtb"
if ! "$build/bin/dtc" "$root/zoo/$model/model.mlir" --weights="$work/weights.safetensors" \
     -o "$work/model.dtb" --mlir-timing 2>"$work/dtc.log"; then
  grep -v "^ " "$work/dtc.log" | grep -v "===\|^$" >&2
  exit 1
fi
grep -E "Total Execution|Code generation" "$work/dtc.log"
echo "== dtc-run --describe"
"$build/bin/dtc-run" "$work/model.dtb" --describe
echo "== inputs: zoo/$model/reference.py --make-inputs"
"$python" "$root/zoo/$model/reference.py" --weights="$work/weights.safetensors" \
  --make-inputs --seed=0 --output-dir="$work/inputs"
inputs=()
for name in $("$python" -c "import sys; sys.path.insert(0, '$root/zoo/$model'); import reference as r; print(' '.join(getattr(r, 'FUNCTION_INPUTS', {}).get('main', r.INPUTS)))"); do
  inputs+=("--input=@$work/inputs/$name.npy")
done
echo "== dtc-run ${knobs[*]}"
"$build/bin/dtc-run" "$work/model.dtb" "${inputs[@]}" "${knobs[@]}" --benchmark=10
