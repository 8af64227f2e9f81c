#!/usr/bin/env python3
"""Test harness until dtc-run exists: calls entry point `main` of a shared
library built from `dtc --emit=obj` through its C interface, passing the
inputs, then the weights of every dt.param and the value of every dt.knob in
the order the model declares them (the ABI of dt-lower-params-and-knobs),
and compares the outputs with the zoo reference's:

    run_compiled.py --lib M.so --model model.mlir --weights W.safetensors
        --reference reference.py --input x.npy... --result f32:2 --result i64:2
        [--set KNOB=VALUE]...

Floats must agree within a relative error of 1e-4 (||out - ref|| / ||ref||),
integers exactly."""
import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ZOO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "zoo")
sys.path.insert(0, ZOO)
from common import safetensors_np  # noqa: E402

CTYPES = {np.dtype(np.float32): ctypes.c_float, np.dtype(np.int64): ctypes.c_int64,
          np.dtype(np.int32): ctypes.c_int32}
NAMED = {"f32": np.float32, "i64": np.int64, "i32": np.int32}


def descriptor_type(rank):
    class Descriptor(ctypes.Structure):
        _fields_ = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
                    ("offset", ctypes.c_int64), ("sizes", ctypes.c_int64 * rank),
                    ("strides", ctypes.c_int64 * rank)]
    return Descriptor


def describe(array):
    array = np.ascontiguousarray(array)
    d = descriptor_type(array.ndim)()
    d.allocated = d.aligned = array.ctypes.data
    d.offset = 0
    for i, (n, s) in enumerate(zip(array.shape, array.strides)):
        d.sizes[i], d.strides[i] = n, s // array.itemsize
    return d, array


def declarations(model):
    text = open(model).read()
    params = [m.strip('"') for m in re.findall(r'^dt\.param @("[^"]+"|[\w.]+)', text, re.M)]
    knobs = re.findall(r'^dt\.knob @(\w+) : (\w+) = (\S+)', text, re.M)
    return params, knobs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--reference", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--result", action="append", default=[])
    ap.add_argument("--set", action="append", default=[])
    args = ap.parse_args()

    params, knobs = declarations(args.model)
    weights, _ = safetensors_np.load(args.weights)
    values = dict(kv.split("=", 1) for kv in args.set)
    keep = []  # arrays must outlive the call
    call_args = []
    for path in args.input:
        d, a = describe(np.load(path))
        keep.append(a)
        call_args.append(ctypes.pointer(d))
    for name in params:
        d, a = describe(weights[name])
        keep.append(a)
        call_args.append(ctypes.pointer(d))
    for name, kind, default in knobs:
        text = values.get(name, default)
        call_args.append(ctypes.c_float(float(text)) if kind.startswith("f")
                         else ctypes.c_int64(int(text)))

    results = [(NAMED[k], int(r)) for k, r in (s.split(":") for s in args.result)]
    class Results(ctypes.Structure):
        _fields_ = [("r%d" % i, descriptor_type(rank)) for i, (_, rank) in enumerate(results)]
    out = Results()
    lib = ctypes.CDLL(os.path.abspath(args.lib))
    lib._mlir_ciface_main.restype = None
    lib._mlir_ciface_main(ctypes.byref(out), *call_args)

    libc = ctypes.CDLL(None)
    got = []
    for i, (dtype, rank) in enumerate(results):
        d = getattr(out, "r%d" % i)
        shape = tuple(d.sizes[j] for j in range(rank))
        count = int(np.prod(shape))
        item = np.dtype(dtype).itemsize
        buf = (CTYPES[np.dtype(dtype)] * count).from_address(d.aligned + d.offset * item)
        got.append(np.array(buf, dtype=dtype).reshape(shape))
        libc.free(ctypes.c_void_p(d.allocated))

    with tempfile.TemporaryDirectory() as tmp:
        outs = [os.path.join(tmp, "out%d.npy" % i) for i in range(len(results))]
        cmd = [sys.executable, args.reference, "--weights=" + args.weights]
        cmd += ["--input=@" + p for p in args.input] + ["--set=" + s for s in args.set]
        cmd += ["--output=@" + p for p in outs]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        refs = [np.load(p) for p in outs]

    ok = True
    for i, (g, r) in enumerate(zip(got, refs)):
        if g.shape != r.shape:
            print("output %d: shape %s, reference %s" % (i, g.shape, r.shape))
            ok = False
        elif np.issubdtype(r.dtype, np.floating):
            err = np.linalg.norm(g - r) / max(np.linalg.norm(r), 1e-30)
            print("output %d: %s relative error %.2e" % (i, list(g.shape), err))
            ok &= err < 1e-4
        else:
            same = np.array_equal(g, r)
            print("output %d: %s %s" % (i, list(g.shape), "equal" if same else "DIFFERENT"))
            ok &= same
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
