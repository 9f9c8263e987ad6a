#!/usr/bin/python3
"""PyTorch's Fashion-MNIST baseline, measured as bench/fashion-mnist.sh measures Descent.

The protocol of ../shared/research/baseline-pytorch.md: [784,256,128,10] ReLU, PyTorch's default
init, softmax cross-entropy, Adam lr 1e-3, fresh seeded permutation each epoch (last partial batch
kept), pixels uint8 / 255 from the IDX files; 1 intra-op thread and 2 OpenBLAS threads (this Debian
build runs nn.Linear's GEMMs in OpenBLAS's own pool; threadpoolctl sets it). Time to an accuracy =
training time (the epoch loops; reading the data and the per-epoch test evaluation excluded) at
the end of the first epoch whose test accuracy is at least the threshold; 1-epoch granularity.

Prints per epoch and one line per run in Descent's format:
    result | pytorch-b128 | <s to 0.85> | <s to 0.88> | <final test accuracy> | <rows/s>

Usage: bench/fashion-mnist-pytorch.py [--batches 128,512] [--epochs 20] [--seed 0]
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load(torch, prefix):
    x = idx(os.path.join(DATA, prefix + "-images-idx3-ubyte.gz")).reshape(-1, 784)
    y = idx(os.path.join(DATA, prefix + "-labels-idx1-ubyte.gz"))
    return (
        torch.from_numpy(x.astype(np.float32) / 255.0),
        torch.from_numpy(y.astype(np.int64)),
    )


def seconds(s):
    return "not reached" if s is None else "%.1f" % s


def run(torch, train, test, batch, epochs, seed):
    nn = torch.nn
    x, y = train
    tx, ty = test
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(seed)
    n = x.shape[0]
    trained = 0.0
    reached = {0.85: None, 0.88: None}
    accuracy = 0.0
    epoch_rates = []
    for epoch in range(1, epochs + 1):
        model.train()
        start = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, batch):
            idx_ = perm[i : i + batch]
            loss = nn.functional.cross_entropy(model(x[idx_]), y[idx_])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
        took = time.perf_counter() - start
        trained += took
        epoch_rates.append(n / took)
        model.eval()
        with torch.no_grad():
            accuracy = (model(tx).argmax(1) == ty).float().mean().item()
        for t in reached:
            if reached[t] is None and accuracy >= t:
                reached[t] = trained
        print(
            "  epoch %2d: test accuracy %.4f after %.1f s of training (%s rows/s)"
            % (epoch, accuracy, trained, format(int(n * epoch / trained), ","))
        )
        sys.stdout.flush()
    rows_per_s = n * epochs / trained
    name = "pytorch-b%d" % batch
    print(
        "result | %s | %s | %s | %.4f | %s |"
        % (name, seconds(reached[0.85]), seconds(reached[0.88]), accuracy, format(int(rows_per_s), ","))
    )
    return reached[0.88]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batches", default="128,512")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--blas-threads", type=int, default=2)
    a = p.parse_args()
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    threadpool_limits(a.blas_threads, user_api="blas")
    print(
        "pytorch %s, %d intra-op thread(s), %d OpenBLAS thread(s), Adam lr 1e-3, %d epochs, seed %d"
        % (torch.__version__, torch.get_num_threads(), a.blas_threads, a.epochs, a.seed)
    )
    train, test = load(torch, "train"), load(torch, "t10k")
    print("%d train / %d test rows" % (train[0].shape[0], test[0].shape[0]))
    for b in (int(s) for s in a.batches.split(",")):
        print("pytorch-b%d:" % b)
        run(torch, train, test, b, a.epochs, a.seed)


if __name__ == "__main__":
    main()
