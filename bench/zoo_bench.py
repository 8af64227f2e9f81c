"""What the bench scripts share: running tools, building a zoo model's
artifact, loading its reference, and reading weight shapes."""
import importlib.util
import json
import os
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """stdout of `cmd`; a failure raises with the tool's message."""
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def build_artifact(bindir, work, model, config, *dtc_args):
    """Generates zoo/MODEL's weights (seed 1) in `work` and compiles the model
    with them (and `dtc_args`). Returns (weights, artifact) paths."""
    zoo = os.path.join(ROOT, "zoo", model)
    weights = os.path.join(work, f"{model}.safetensors")
    artifact = os.path.join(work, f"{model}.dtb")
    run([sys.executable, os.path.join(zoo, "weights.py"),
         f"--config={config}", "--seed=1", "-o", weights])
    run([os.path.join(bindir, "dtc"), os.path.join(zoo, "model.mlir"),
         f"--weights={weights}", *dtc_args, "-o", artifact])
    return weights, artifact


def load_reference(model):
    """zoo/MODEL/reference.py as a module."""
    spec = importlib.util.spec_from_file_location(
        f"{model}_reference", os.path.join(ROOT, "zoo", model, "reference.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entry_inputs(model, function="main"):
    """The input names of one of zoo/MODEL's entry points, in order."""
    reference = load_reference(model)
    return getattr(reference, "FUNCTION_INPUTS", {}).get(function, reference.INPUTS)


def weight_shapes(path):
    """{tensor name: shape} from a .safetensors header."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return {k: v["shape"] for k, v in header.items() if k != "__metadata__"}
