#!/usr/bin/env python3
"""Checks the exit decisions of zoo/vit_early_exit/reference.py on logits
worked out by hand: 3 stages, 2 classes, per-sample confidence trajectories."""
import importlib.util
import math
import sys

import numpy as np

spec = importlib.util.spec_from_file_location("ref", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def logits_for(probabilities):
    """Two-class logits whose softmax gives class 0 the probability p."""
    return [[math.log(p), math.log(1 - p)] for p in probabilities]


# [S, B, C]: sample 0 grows confident late, sample 1 is confident at once,
# sample 2 stalls (gain 0.01 between heads), sample 3 flips its answer.
traj = {0: [0.55, 0.7, 0.95], 1: [0.99, 0.99, 0.99], 2: [0.6, 0.61, 0.62],
        3: [0.8, 0.3, 0.8]}
logits = np.array([logits_for(traj[b]) for b in range(4)]).transpose(1, 0, 2)
knobs = dict(threshold=0.9, entropy_threshold=0.1, patience=2, gain=0.05)
checks = 0


def check(function, expected_exits, expected_offload=None, **overrides):
    global checks
    exits, offload = ref.decide(logits, function, dict(knobs, **overrides))
    if exits.tolist() != expected_exits or (
            expected_offload is not None and offload.tolist() != expected_offload):
        sys.exit("FAIL %s %s: exits %s offload %s" % (function, overrides, exits, offload))
    checks += 1


check("main", [2, 0, 2, 2])                       # max_prob >= 0.9
check("main", [0, 0, 0, 0], threshold=0.0)        # everyone at the first head
check("main", [2, 2, 2, 2], threshold=1.0)        # nobody before the last
check("main_entropy", [2, 0, 2, 2])               # entropy <= 0.1 only for p >= ~0.98
check("main_patience", [1, 1, 1, 2])              # same arg-max twice in a row
check("main_patience", [0, 0, 0, 0], patience=1)
check("main_recursive", [2, 0, 1, 1], [False, False, True, True])
print("%d passed, 0 failed" % checks)
