#!/usr/bin/env python3
"""Fits the resident cluster step's cost model (docs/performance.md, "Clusters") to the 1- and
2-worker rows of bench/cluster-cost-model.sh's output and predicts every row, the 4-worker rows
out of sample; prints predicted vs measured. Reports; asserts nothing.

    bench/cost-model-fit.py [CORES] < output-of-cluster-cost-model.sh

Model, for W workers of 1 core on a machine of C cores (default 2), N parameters, global batch b:
    T = T_compute + T_exchange + T_update
    T_compute  = T_c1 / W * s(W)        T_c1: the 1-worker compute at this size (b rows, one core);
                                        s(1) = 1, s(W <= C) = s2 (fitted: the slowdown of W
                                        processes sharing the machine's cores and caches),
                                        s(W > C) = s2 * W / C (W workers time-share C cores)
    T_exchange = a + a_w * W + beta * 8N * W / min(W, C) bytes
                                        a: fixed latency; a_w: per executor (a connection's
                                        hand-offs); beta: per byte through the busiest of the
                                        driver's network threads (it writes W weight copies and
                                        reads W partial sums, spread over min(W, C) threads)
    T_update   = the 1-worker update at this size (the driver's optimiser, independent of W)
a, a_w, beta: least squares in relative error on the W = 1 and W = 2 rows.
"""
import math
import sys

C = int(sys.argv[1]) if len(sys.argv) > 1 else 2
rows = []
for line in sys.stdin:
    f = line.split()
    if len(f) >= 9 and f[0].isdigit() and f[3] == "|":
        w, size, n = int(f[0]), f[1], int(f[2])
        step, bc, comp, agg, upd = map(float, f[4:9])
        rows.append(dict(w=w, size=size, n=n, step=step, x=bc + agg, c=comp, u=upd))
one = {r["size"]: r for r in rows if r["w"] == 1}
two = {r["size"]: r for r in rows if r["w"] == 2}
s2 = math.exp(sum(math.log(two[k]["c"] / (one[k]["c"] / 2)) for k in two) / len(two))


def slowdown(w):
    return 1.0 if w == 1 else (s2 if w <= C else s2 * w / C)


def megabytes(r):
    return 8 * r["n"] * r["w"] / min(r["w"], C) / 1e6


# Least squares on x = a + a_w W + beta MB, each row divided by its x (relative error): the normal
# equations of a 3-column system, solved by Cramer's rule.
fit = [r for r in rows if r["w"] in (1, 2)]
A = [[1 / r["x"], r["w"] / r["x"], megabytes(r) / r["x"]] for r in fit]
M = [[sum(a[i] * a[j] for a in A) for j in range(3)] for i in range(3)]
v = [sum(a[i] for a in A) for i in range(3)]


def det(m):
    return (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))


d = det(M)
a, aw, beta = (det([[v[i] if j == k else M[i][j] for j in range(3)] for i in range(3)]) / d
               for k in range(3))
print("fitted on W = 1 and 2: s2 = %.2f; exchange a = %.2f ms + a_w = %.2f ms per executor"
      " + beta = %.3f ms per MB through the busiest driver thread" % (s2, a, aw, beta))
print("| workers | size | parameters | predicted step ms | measured step ms | error |")
print("|---|---|---|---|---|---|")
for r in rows:
    w, o = r["w"], one[r["size"]]
    pred = o["c"] / w * slowdown(w) + a + aw * w + beta * megabytes(r) + o["u"]
    tag = " (fit)" if w <= 2 else ""
    print("| %d | %s | %s | %.1f | %.1f | %+.0f %%%s |"
          % (w, r["size"], format(r["n"], ","), pred, r["step"], 100 * (pred - r["step"]) / r["step"], tag))
