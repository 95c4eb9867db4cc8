"""Train several independent networks side by side, one thread per core.

Private to :mod:`weightinit.experiments`. The experiments that train the book's network (784
inputs, hidden layers of 100 units) spend their time in matrix products large enough that numpy
releases the interpreter's lock while BLAS computes them; networks that share nothing can then
train at the same time in separate threads, one BLAS thread each. Every network computes
exactly what it would alone, in the same order, so the losses do not depend on the number of
threads (``tests/test_experiments_training.py``). On a busy machine the threads only share
the cores that are free; unlike two BLAS threads on one small product, neither waits for the
other.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from weightinit._validation import check_int
from weightinit.experiments._stacked import StackedMLP
from weightinit.network import MLP, SGD

_QUIET = {"over": "ignore", "invalid": "ignore", "divide": "ignore"}


@dataclass(frozen=True)
class Job:
    """One network, the data it trains on and the rows of each of its minibatches."""

    net: MLP
    images: np.ndarray
    labels: np.ndarray
    batches: np.ndarray  # (steps, batch_size) row numbers
    optimizer: SGD


def default_workers() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def train(
    net: MLP | StackedMLP,
    images: np.ndarray,
    labels: np.ndarray,
    batches: np.ndarray,
    optimizer: SGD,
    *,
    stop_on_overflow: bool = False,
) -> np.ndarray:
    """The training loop: one step per minibatch; return the loss of every step.

    ``batches`` holds the rows of each minibatch, ``(steps, batch_size)`` for an MLP and
    ``(steps, count, batch_size)`` for a stack; the losses have shape ``(steps,)`` or
    ``(steps, count)``. With ``stop_on_overflow`` each network's losses are NaN from its first
    one that is not finite (an MLP stops there; floating-point warnings are silenced).
    """
    losses = np.full((len(batches), *np.shape(labels[batches[0]])[:-1]), np.nan)
    with np.errstate(**(_QUIET if stop_on_overflow else {})):
        for i, rows in enumerate(batches):
            losses[i] = net.train_step(images[rows], labels[rows], optimizer)
            if stop_on_overflow and losses.ndim == 1 and not math.isfinite(losses[i]):
                break
    if stop_on_overflow:
        losses[np.cumsum(~np.isfinite(losses), axis=0) > 0] = np.nan
    return losses


def _train(job: Job, stop_on_overflow: bool) -> np.ndarray:
    return train(
        job.net,
        job.images,
        job.labels,
        job.batches,
        job.optimizer,
        stop_on_overflow=stop_on_overflow,
    )


def run_side_by_side(
    tasks: Sequence[Callable[[], object]], workers: int | None = None
) -> list[object]:
    """Call every task, ``workers`` at a time in threads (default: one per CPU); keep order.

    numpy's floating-point error handling (:func:`numpy.errstate`) is per thread: each thread
    runs its tasks with the caller's.
    """
    workers = default_workers() if workers is None else check_int(workers, "workers", minimum=1)
    workers = min(workers, len(tasks))
    if workers <= 1:
        return [task() for task in tasks]
    errors = np.geterr()

    def run(task: Callable[[], object]) -> object:
        with np.errstate(**errors):
            return task()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, tasks))


def train_side_by_side(
    jobs: Sequence[Job],
    *,
    stop_on_overflow: bool = False,
    workers: int | None = None,
    blas_threads: int | None = 1,
) -> list[np.ndarray]:
    """Train every job's network on its minibatches; return the loss of every step, per job.

    With ``stop_on_overflow`` a network stops at its first loss that is not finite, and the
    rest of its losses are NaN (floating-point warnings are silenced). ``blas_threads`` limits
    BLAS for the whole call (None leaves it alone): one thread per network, ``workers``
    networks at a time.
    """
    if blas_threads is not None:
        blas_threads = check_int(blas_threads, "blas_threads", minimum=1)
    tasks = [lambda job=job: _train(job, stop_on_overflow) for job in jobs]
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return run_side_by_side(tasks, workers)
