#!/usr/bin/env python3
"""Fits the resident cluster step's cost model (docs/performance.md, "Clusters") to the 1-worker
rows of bench/cluster-cost-model.sh's output and predicts the other rows; prints predicted vs
measured. Reports; asserts nothing.

    bench/cost-model-fit.py < output-of-cluster-cost-model.sh

Model, for W workers of 1 core on a machine of C cores, N parameters, global batch b:
    T = T_compute + T_exchange + T_update
    T_compute  = 6 N (b / W) / F_N * max(1, W / C)   (F_N: FLOP/s per core at this size, from W = 1)
    T_exchange = a + c * 4N * (1 + W)                 (the driver writes W copies of the weights and
                                                       reads W partial sums, one core for both; a, c
                                                       fitted by least squares on W = 1)
    T_update   = the W = 1 update at this size          (the driver's optimiser, independent of W)
"""
import sys

C = int(sys.argv[1]) if len(sys.argv) > 1 else 2
B = 512
rows = []
for line in sys.stdin:
    f = line.split()
    if len(f) >= 9 and f[0].isdigit() and f[3] == "|":
        w, size, n = int(f[0]), f[1], int(f[2])
        step, bc, comp, agg, upd = map(float, f[4:9])
        rows.append((w, size, n, step, bc + agg, comp, upd))
one = {r[1]: r for r in rows if r[0] == 1}
# exchange = a + c * 4N * 2 on the W = 1 rows, least squares in relative error (weights 1/y^2),
# so that the 1e7 row does not decide the latency alone
xs = [4 * r[2] * 2 for r in one.values()]
ys = [r[4] for r in one.values()]
ws = [1 / y ** 2 for y in ys]
sw = sum(ws)
sx = sum(w * x for w, x in zip(ws, xs))
sy = sum(w * y for w, y in zip(ws, ys))
sxx = sum(w * x * x for w, x in zip(ws, xs))
sxy = sum(w * x * y for w, x, y in zip(ws, xs, ys))
c = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
a = (sy - c * sx) / sw
print("fitted on W = 1: exchange a = %.2f ms, c = %.3f ms per MB moved by the driver" % (a, c * 1e6))
print("| workers | size | parameters | predicted step ms | measured step ms | error |")
print("|---|---|---|---|---|---|")
for w, size, n, step, ex, comp, upd in rows:
    w1 = one[size]
    flops = 6 * n * B / w1[5]  # FLOP per ms per core at this size
    t_c = 6 * n * (B / w) / flops * max(1.0, w / C)
    t_x = a + c * 4 * n * (1 + w)
    pred = t_c + t_x + w1[6]
    tag = " (fit)" if w == 1 else ""
    print("| %d | %s | %s | %.1f | %.1f | %+.0f %%%s |"
          % (w, size, format(n, ","), pred, step, 100 * (pred - step) / step, tag))
