"""Time one SGD step of the book's MNIST network with and without batch normalization.

The work: the 784-100-100-100-100-10 ReLU network, minibatches of 128, learning rate 0.01,
float32. Rows:

- ``MLP``: :class:`weightinit.network.MLP`, ``train_step`` (the site's network, the book's);
- ``MLP, batchnorm=True``: the same with a :class:`weightinit.batchnorm.BatchNorm` layer after
  each hidden product (forward with batch statistics, backward, update of gamma and beta).

The cost of batch normalization is the ratio of the last two rows. Each row runs ``--repeats``
times, interleaved, and the fastest run counts, in CPU time of the process with one thread.

Usage::

    python benchmarks/bench_batchnorm.py --threads 1
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

if "--threads" in sys.argv[:-1]:  # before numpy (and its BLAS) is loaded
    THREADS = sys.argv[sys.argv.index("--threads") + 1]
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = THREADS

import numpy as np

from weightinit.network import MLP, SGD

SIZES = (784, 100, 100, 100, 100, 10)
LR = 0.01


def run_mlp(batchnorm):
    def run(x, t, batches):
        net = MLP(SIZES, "relu", "he", rng=0, batchnorm=batchnorm)
        optimizer = SGD(lr=LR)
        for rows in batches:
            net.train_step(x[rows], t[rows], optimizer)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, help="BLAS threads (default: the library's)")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x = rng.random((10_000, SIZES[0]), dtype=np.float32)
    t = rng.integers(0, SIZES[-1], 10_000).astype(np.intp)
    batches = rng.integers(0, len(t), (args.iterations, args.batch_size))
    rows = {
        "MLP": run_mlp(False),
        "MLP, batchnorm=True": run_mlp(True),
    }
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(args.repeats):
        for name, run in rows.items():
            start = time.process_time()
            run(x, t, batches)
            best[name] = min(best[name], time.process_time() - start)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"BLAS threads {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; "
        f"{args.iterations} steps, batch {args.batch_size}, best of {args.repeats} (CPU time)"
    )
    print()
    base = best["MLP"]
    print("| network | per step (ms) | / MLP |")
    print("|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {1e3 * seconds / args.iterations:.3f} | {seconds / base:.2f} |")


if __name__ == "__main__":
    main()
