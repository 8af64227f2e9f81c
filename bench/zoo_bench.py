"""What the bench scripts share: running tools, building a zoo model's
artifact, and reading weight shapes."""
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


def weight_shapes(path):
    """{tensor name: shape} from a .safetensors header."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return {k: v["shape"] for k, v in header.items() if k != "__metadata__"}
