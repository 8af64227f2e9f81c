"""The command lines every zoo model answers (issue 4), so that tools and
users drive any model alike:

    weights.py --config=tiny|full --seed=N -o W.safetensors
    reference.py --weights=W.safetensors --make-inputs --seed=N --output-dir=DIR
    reference.py --weights=W.safetensors --input=@x.npy ... [--set=KNOB=VALUE ...]
                 --output=@y.npy ...

Inputs and outputs are given in the model's order; knobs are named as in the
compiled artifact; --function=NAME picks an entry point (default: main). A
model module provides CONFIGS and make_weights(config, rng) (weights.py), and
INPUTS (every input --make-inputs writes), KNOBS ({name: (type, default,
check)}), make_inputs(weights, rng), FUNCTIONS ({entry point: output names}),
optionally FUNCTION_INPUTS ({entry point: its input names}, when entry points
differ in their inputs; INPUTS otherwise) and run(weights, inputs, knobs,
function) (reference.py)."""
import argparse
import os
import sys

import numpy as np

from common import safetensors_np


class KnobError(ValueError):
    pass


def weights_main(model):
    ap = argparse.ArgumentParser(description="Writes deterministic weights.")
    ap.add_argument("--config", choices=sorted(model.CONFIGS), default="tiny")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    tensors = model.make_weights(model.CONFIGS[args.config], rng)
    safetensors_np.save(tensors, args.output,
                        {"config": args.config, "seed": args.seed})
    return 0


def _parse_knobs(model, pairs):
    knobs = {name: default for name, (_, default, _) in model.KNOBS.items()}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            raise KnobError("malformed --set %r, expected KNOB=VALUE" % pair)
        if name not in model.KNOBS:
            raise KnobError("unknown knob %r (knobs: %s)" % (name, ", ".join(sorted(model.KNOBS))))
        kind, _, check = model.KNOBS[name]
        try:
            value = kind(text)
        except ValueError:
            raise KnobError("knob %r: %r is not a %s" % (name, text, kind.__name__))
        problem = check(value)
        if problem:
            raise KnobError("knob %r: value %s %s" % (name, text, problem))
        knobs[name] = value
    return knobs


def _files(values, flag):
    out = []
    for v in values:
        if not v.startswith("@"):
            raise SystemExit("error: %s takes @FILE.npy, got %r" % (flag, v))
        out.append(v[1:])
    return out


def reference_main(model):
    ap = argparse.ArgumentParser(description="Independent numpy reference.")
    ap.add_argument("--weights", required=True)
    ap.add_argument("--make-inputs", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--output-dir")
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--output", action="append", default=[])
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--function", default="main")
    args = ap.parse_args()
    if args.function not in model.FUNCTIONS:
        raise SystemExit("error: no entry point %r (have: %s)"
                         % (args.function, ", ".join(model.FUNCTIONS)))
    output_names = model.FUNCTIONS[args.function]
    weights, _ = safetensors_np.load(args.weights)
    if args.make_inputs:
        if not args.output_dir:
            raise SystemExit("error: --make-inputs needs --output-dir")
        os.makedirs(args.output_dir, exist_ok=True)
        inputs = model.make_inputs(weights, np.random.default_rng(args.seed))
        for name, array in zip(model.INPUTS, inputs):
            path = os.path.join(args.output_dir, name + ".npy")
            np.save(path, array)
            print("%s: %s %s" % (path, array.dtype, list(array.shape)))
        return 0
    inputs = [np.load(p) for p in _files(args.input, "--input")]
    names = getattr(model, "FUNCTION_INPUTS", {}).get(args.function, model.INPUTS)
    if len(inputs) != len(names):
        raise SystemExit("error: expected %d inputs (%s), got %d"
                         % (len(names), ", ".join(names), len(inputs)))
    try:
        knobs = _parse_knobs(model, args.set)
    except KnobError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    try:
        outputs = model.run(weights, inputs, knobs, args.function)
    except KnobError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    paths = _files(args.output, "--output")
    if paths and len(paths) != len(outputs):
        raise SystemExit("error: expected %d outputs (%s)"
                         % (len(outputs), ", ".join(output_names)))
    for name, array, path in zip(output_names, outputs, paths or [None] * len(outputs)):
        if path:
            np.save(path, array)
        print("%s: %s %s" % (name, array.dtype, list(array.shape)))
    return 0
