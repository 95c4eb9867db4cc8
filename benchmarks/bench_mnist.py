"""Time the book's MNIST comparison with weightinit, a book-style reference, PyTorch and bare BLAS.

The work: three 784-100-100-100-100-10 ReLU networks (std=0.01, Xavier, He), 2000 SGD steps
each on minibatches of 128, the same minibatches and the same initial weights for every
implementation. Rows:

- ``bare matrix products``: only the 14 matrix products of a step per network (5 forward, 5 for
  the weight gradients, 4 for the back-propagated signal), float32, preallocated outputs, plus
  reading the minibatch: a lower bound for any numpy implementation.
- ``weightinit``: :func:`weightinit.experiments.training.mnist.compare_initializers` with
  ``blas_threads`` set to ``--threads`` (the same threads as the other rows); with
  ``--threads`` other than 1, also ``weightinit, default 1 BLAS thread``: the call as the
  site makes it, which limits BLAS to one thread while training.
- ``PyTorch CPU``: ``nn.Sequential`` of ``Linear``/``ReLU``, ``CrossEntropyLoss``,
  ``optim.SGD``, float32 (only when torch is installed).
- ``book-style reference``: ``book_reference.py``: layer objects, float64, the loss computed
  again after each update, as in the book.

Every implementation is run ``--repeats`` times, interleaved, and the fastest run is reported,
in wall-clock time and in CPU time of the process. With one thread the ratios use CPU time,
which a busy (shared) machine barely disturbs; otherwise wall-clock time. ``--threads N``
fixes the number of BLAS (and torch) threads for all rows; it must be known before numpy
loads, so it is read from the command line first. ``--busy N`` starts N CPU-bound processes
for the duration of the measurement (and stops them after), to time a loaded machine.
Usage::

    python benchmarks/bench_mnist.py --data /path/to/mnist-dir   # IDX .gz files (t10k or train)
    python benchmarks/bench_mnist.py --threads 1                 # synthetic pixels, one thread
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

if "--threads" in sys.argv[:-1]:  # before numpy (and its BLAS) is loaded
    THREADS = sys.argv[sys.argv.index("--threads") + 1]
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = THREADS

import numpy as np

from weightinit.datasets import read_idx
from weightinit.experiments.training.mnist import compare_initializers, seed_streams
from weightinit.network import MLP

INITS = ("std=0.01", "xavier", "he")
HIDDEN = (100, 100, 100, 100)
LR = 0.01


def load_images(path: str | None, seed: int = 0) -> tuple[np.ndarray, np.ndarray, str]:
    if path is None:
        rng = np.random.default_rng(seed)
        x = rng.random((10_000, 784), dtype=np.float32)
        return x, rng.integers(0, 10, 10_000), "synthetic: 10,000 uniform random 28x28 images"
    directory = Path(path)
    for prefix in ("train", "t10k"):
        images = directory / f"{prefix}-images-idx3-ubyte.gz"
        labels = directory / f"{prefix}-labels-idx1-ubyte.gz"
        if images.is_file() and labels.is_file():
            x = read_idx(images).reshape(-1, 784).astype(np.float32) / 255
            t = read_idx(labels).astype(np.int64)
            return x, t, f"MNIST {images.name}: {len(t):,} images"
    raise SystemExit(f"no MNIST IDX files (train-* or t10k-*) in {directory}")


def plan(n_samples: int, iterations: int, batch_size: int, seed: int):
    """The initial weights and minibatches compare_initializers uses for this seed."""
    sizes = (784, *HIDDEN, 10)
    weights = {init: MLP(sizes, "relu", init, rng=seed_streams(seed)[0]).weights for init in INITS}
    batches = seed_streams(seed)[1].integers(0, n_samples, (iterations, batch_size))
    return weights, batches


def run_weightinit(x, t, weights, batches, seed, blas_threads=None):
    iterations, batch_size = batches.shape
    if blas_threads is None:  # the same threads as the other rows
        blas_threads = int(os.environ["OPENBLAS_NUM_THREADS"]) if "--threads" in sys.argv else None
    result = compare_initializers(
        x,
        t,
        INITS,
        HIDDEN,
        "relu",
        LR,
        batch_size,
        iterations,
        seed,
        n_classes=10,
        blas_threads=blas_threads,
    )
    return result.losses


def run_weightinit_default(x, t, weights, batches, seed):
    return run_weightinit(x, t, weights, batches, seed, blas_threads=1)


def run_gather(x, t, weights, batches, seed):
    for rows in batches:
        x[rows], t[rows]
    return None


def run_bare(x, t, weights, batches, seed):
    nets = []
    batch_size = batches.shape[1]
    for ws in weights.values():
        ws = [w.copy() for w in ws]
        outs = [np.empty((batch_size, w.shape[1]), np.float32) for w in ws]
        sent = [np.empty((batch_size, w.shape[0]), np.float32) for w in ws]
        grads = [np.empty_like(w) for w in ws]
        nets.append((ws, outs, sent, grads))
    for rows in batches:
        x_batch = x[rows]
        for ws, outs, sent, grads in nets:
            h = x_batch
            for w, out in zip(ws, outs, strict=True):
                np.matmul(h, w, out=out)
                h = out
            delta = outs[-1]
            for layer in range(len(ws) - 1, -1, -1):
                below = x_batch if layer == 0 else outs[layer - 1]
                np.matmul(below.T, delta, out=grads[layer])
                if layer:
                    np.matmul(delta, ws[layer].T, out=sent[layer])
                    delta = sent[layer]
    return None


def run_reference(x, t, weights, batches, seed):
    from book_reference import train

    return train(x, t, weights, batches, lr=LR)


def run_torch(x, t, weights, batches, seed):
    import torch

    if os.environ.get("OMP_NUM_THREADS"):
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    x_all, t_all = torch.from_numpy(x), torch.from_numpy(t.astype(np.int64))
    rows_all = torch.from_numpy(batches)
    nets = []
    for ws in weights.values():
        layers = []
        for i, w in enumerate(ws):
            linear = torch.nn.Linear(*w.shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(w.T))  # torch stores (out, in)
                linear.bias.zero_()
            layers += [linear, torch.nn.ReLU()] if i < len(ws) - 1 else [linear]
        net = torch.nn.Sequential(*layers)
        nets.append((net, torch.optim.SGD(net.parameters(), lr=LR)))
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = np.empty((len(nets), len(batches)))
    for i in range(len(batches)):
        rows = rows_all[i]
        x_batch, t_batch = x_all[rows], t_all[rows]
        for k, (net, optimizer) in enumerate(nets):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_batch), t_batch)
            loss.backward()
            optimizer.step()
            losses[k, i] = loss.item()
    return dict(zip(weights, losses, strict=True))


def torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    if os.environ.get("OMP_NUM_THREADS"):
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    return f"{torch.__version__} ({torch.get_num_threads()} threads)"


def blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.environ.get("OPENBLAS_NUM_THREADS", "default")
    return ", ".join(f"{i['internal_api']} {i['num_threads']}" for i in threadpool_info())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="directory with MNIST IDX .gz files; default: synthetic")
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3, help="runs per implementation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, help="BLAS and torch threads (default: theirs)")
    parser.add_argument("--skip-reference", action="store_true", help="skip the slow reference")
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound processes to run beside")
    args = parser.parse_args()
    args.load = os.getloadavg()[0]  # before the busy processes start
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        measure(args)
    finally:
        for process in busy:
            process.kill()
            process.wait()


def measure(args: argparse.Namespace) -> None:
    x, t, description = load_images(args.data, args.seed)
    weights, batches = plan(len(t), args.iterations, args.batch_size, args.seed)
    runners = {
        "batch gathering only": run_gather,
        "bare matrix products (lower bound)": run_bare,
        "weightinit": run_weightinit,
    }
    if args.threads != 1:
        runners["weightinit, default 1 BLAS thread"] = run_weightinit_default
    if torch_version():
        runners["PyTorch CPU"] = run_torch
    if not args.skip_reference:
        runners["book-style reference (float64)"] = run_reference

    wall = dict.fromkeys(runners, float("inf"))
    cpu = dict.fromkeys(runners, float("inf"))
    losses = {}
    for _ in range(args.repeats):  # interleaved, so a busy moment does not hit one row only
        for name, run in runners.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run(x, t, weights, batches, args.seed)
            wall[name] = min(wall[name], time.perf_counter() - start)
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
            if result is not None:
                losses[name] = result
    best = cpu if args.threads == 1 else wall

    steps = len(INITS) * args.iterations
    print(f"data: {description}")
    print(
        f"work: {len(INITS)} networks x {args.iterations} steps, batch {args.batch_size}, "
        f"784-{'-'.join(map(str, HIDDEN))}-10, ReLU, SGD lr {LR}"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__} "
        f"(BLAS threads: {blas_threads()}), torch {torch_version() or 'not installed'}; "
        f"best of {args.repeats} interleaved runs; {args.busy} busy processes beside; "
        f"load average at the start: {args.load:.1f}"
    )
    print(f"ratios and per-step times from {'CPU' if best is cpu else 'wall-clock'} time")
    print()
    bare, ours = best["bare matrix products (lower bound)"], best["weightinit"]
    print("| implementation | wall (s) | CPU (s) | per step (ms) | / bare | / weightinit |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, seconds in best.items():
        print(
            f"| {name} | {wall[name]:.2f} | {cpu[name]:.2f} | {1e3 * seconds / steps:.3f} | "
            f"{seconds / bare:.2f} | {seconds / ours:.2f} |"
        )
    print()
    print(f"weightinit / bare products = {ours / bare:.2f} (target <= 1.5)")
    if "weightinit, default 1 BLAS thread" in best:
        default = best["weightinit, default 1 BLAS thread"]
        print(f"weightinit default (1 thread) / bare products = {default / bare:.2f}")
    if "book-style reference (float64)" in best:
        speedup = best["book-style reference (float64)"] / ours
        print(f"reference / weightinit = {speedup:.2f} (target >= 3)")
    if "PyTorch CPU" in best:
        print(f"weightinit / PyTorch CPU = {ours / best['PyTorch CPU']:.2f} (target <= 0.8)")
        if "weightinit, default 1 BLAS thread" in best:
            ratio = best["weightinit, default 1 BLAS thread"] / best["PyTorch CPU"]
            print(f"weightinit default (1 thread) / PyTorch CPU = {ratio:.2f}")
    print()
    print("final loss (mean of the last 100 steps), a check that all train the same networks:")
    for name, result in losses.items():
        finals = ", ".join(f"{k} {np.mean(v[-100:]):.3f}" for k, v in result.items())
        print(f"  {name}: {finals}")


if __name__ == "__main__":
    main()
