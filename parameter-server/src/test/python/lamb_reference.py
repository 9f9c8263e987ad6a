#!/usr/bin/env python3
"""Reference trajectory for LAMB with a trust ratio per parameter tensor, in float64.

LAMB (You et al. 2019, "Large Batch Optimization for Deep Learning", Algorithm 2, phi = identity)
as the paper and its reference implementations apply it: every parameter tensor (a layer's
weights, its bias, a batch norm's gamma and beta) gets its own trust ratio ||p|| / ||u||.
Hand-written with numpy, independent of the Java code; writes
../resources/lamb/lamb-per-tensor.json, read by org.descent.ps.LambReferenceTest.

Run from this directory:  python3 lamb_reference.py
"""
import json
import os

import numpy as np

# The tensors of SmallNetworks.withBatchNorm(): 3 -> 4 (batch norm) -> 2.
SEGMENTS = [("W0", 12), ("b0", 4), ("gamma0", 4), ("beta0", 4), ("W1", 8), ("b1", 2)]
LR, BETA1, BETA2, EPS, WD, STEPS = 0.01, 0.9, 0.999, 1e-6, 0.01, 6

rng = np.random.default_rng(20261203)
n = sum(size for _, size in SEGMENTS)
p = rng.normal(0.0, 0.5, n)
p[12:16] = 0.0  # b0 starts at zero: its trust ratio is 1 at step 1
# Gradients of very different scales per tensor, so per-tensor and per-layer ratios differ.
scale = np.concatenate([np.full(size, s) for (_, size), s in zip(SEGMENTS, [1, 50, 0.1, 3, 0.5, 20])])
grads = [rng.normal(0.0, 1.0, n) * scale for _ in range(STEPS)]
# Round inputs to float32 so Java replays exactly the same values.
p = p.astype(np.float32).astype(np.float64)
grads = [g.astype(np.float32).astype(np.float64) for g in grads]

p0 = p.copy()
m = np.zeros(n)
v = np.zeros(n)
after = []
for t, g in enumerate(grads, start=1):
    m = BETA1 * m + (1 - BETA1) * g
    v = BETA2 * v + (1 - BETA2) * g * g
    m_hat = m / (1 - BETA1 ** t)
    v_hat = v / (1 - BETA2 ** t)
    u = m_hat / (np.sqrt(v_hat) + EPS) + WD * p
    start = 0
    for _, size in SEGMENTS:
        s = slice(start, start + size)
        pn, un = np.linalg.norm(p[s]), np.linalg.norm(u[s])
        ratio = pn / un if pn > 0 and un > 0 else 1.0
        p[s] = p[s] - LR * ratio * u[s]
        start += size
    after.append(p.tolist())

out = {
    "description": "LAMB, trust ratio per parameter tensor, float64 (numpy), by lamb_reference.py",
    "computed_with": "numpy " + np.__version__ + " (float64)",
    "segments": [size for _, size in SEGMENTS],
    "segment_names": [name for name, _ in SEGMENTS],
    "hyperparameters": {"lr": LR, "beta1": BETA1, "beta2": BETA2, "eps": EPS, "weight_decay": WD},
    "p0": p0.tolist(),
    "gradients": [g.tolist() for g in grads],
    "params_after_step": after,
}
target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "lamb",
                      "lamb-per-tensor.json")
with open(target, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(target))
