#!/usr/bin/env python3
"""Writes a zoo model's tiny weights with some of its config changed, for
dtc's error tests (weights no real model has):

    zoo-weights.py MODEL KEY=VALUE... OUT

MODEL is a folder of zoo/ (vit_token_select, ...), each KEY one of its
CONFIGS entries (dim, heads, layers, ...)."""
import importlib.util
import os
import sys

import numpy as np

zoo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "zoo")
sys.path.insert(0, zoo)
from common import safetensors_np  # noqa: E402


def main():
    model, changes, out = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
    spec = importlib.util.spec_from_file_location(
        "weights", os.path.join(zoo, model, "weights.py"))
    weights = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(weights)
    config = dict(weights.CONFIGS["tiny"])
    for change in changes:
        key, value = change.split("=")
        if key not in config:
            sys.exit(f"{model} has no config entry '{key}'")
        config[key] = int(value)
    tensors = weights.make_weights(config, np.random.default_rng(0))
    safetensors_np.save(tensors, out, {})


if __name__ == "__main__":
    main()
