"""Train several independent networks side by side, one thread per core.

Private to :mod:`weightinit.experiments`. The experiments that train the book's network (784
inputs, hidden layers of 100 units) spend their time in matrix products large enough that numpy
releases the interpreter's lock while BLAS computes them; networks that share nothing can then
train at the same time in separate threads, one BLAS thread each (the threads are chosen by
:func:`weightinit._threads.plan_threads`, in one place). The networks take turns in chunks of
:data:`CHUNK` steps, so three networks on two cores keep both busy to the end. Every network
computes exactly what it would alone, in the same order, so the losses do not depend on the
number of threads (``tests/test_experiments_training.py``). On a busy machine the threads only
share the cores that are free; unlike two BLAS threads on one small product, neither waits for
the other.
"""

from __future__ import annotations

import math
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from weightinit._threads import chosen_threads, plan_threads
from weightinit.experiments._stacked import StackedMLP
from weightinit.network import MLP, SGD

_QUIET: dict[str, Any] = {"over": "ignore", "invalid": "ignore", "divide": "ignore"}


@dataclass(frozen=True)
class Job:
    """One network, the data it trains on and the rows of each of its minibatches."""

    net: MLP
    images: np.ndarray
    labels: np.ndarray
    batches: np.ndarray  # (steps, batch_size) row numbers
    optimizer: SGD


#: Steps a network trains before it hands its thread to the next network waiting.
CHUNK = 50


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


#: What a task of :func:`run_side_by_side` returns.
T = TypeVar("T")


def run_side_by_side(tasks: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """Call every task, ``workers`` at a time in threads (default: chosen); keep order.

    By default :func:`~weightinit._threads.plan_threads` chooses the threads (one per core the
    process may use, fewer if the environment asks for more BLAS threads than the free cores
    hold); the caller limits BLAS (:func:`~weightinit._threads.chosen_threads`).
    numpy's floating-point error handling (:func:`numpy.errstate`) is per thread: each thread
    runs its tasks with the caller's.
    """
    workers = plan_threads(len(tasks) or 1, workers=workers).workers
    if workers <= 1:
        return [task() for task in tasks]
    errors = np.geterr()

    def run(task: Callable[[], T]) -> T:
        with np.errstate(**errors):
            return task()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, tasks))


def train_side_by_side(
    jobs: Sequence[Job],
    *,
    stop_on_overflow: bool = False,
    workers: int | None = None,
    blas_threads: int | None = None,
) -> list[np.ndarray]:
    """Train every job's network on its minibatches; return the loss of every step, per job.

    With ``stop_on_overflow`` a network stops at its first loss that is not finite, and the
    rest of its losses are NaN (floating-point warnings are silenced). The threads are chosen
    by :func:`~weightinit._threads.plan_threads` (``workers`` networks at a time, one BLAS
    thread each); ``workers`` and ``blas_threads`` override the choice. The networks take
    turns in chunks of :data:`CHUNK` steps, each chunk on whichever thread is free: a network
    still takes its steps one after another, so its losses do not depend on the threads.
    """
    losses = [
        np.full((len(job.batches), *np.shape(job.labels[job.batches[0]])[:-1]), np.nan)
        for job in jobs
    ]
    waiting: queue.SimpleQueue[tuple[int, int]] = queue.SimpleQueue()
    for k in range(len(jobs)):
        waiting.put((k, 0))

    def work() -> None:  # one thread: train a waiting network for a chunk, until none waits
        while True:
            try:
                k, start = waiting.get_nowait()
            except queue.Empty:
                return
            job, stop = jobs[k], start + CHUNK
            chunk = train(
                job.net,
                job.images,
                job.labels,
                job.batches[start:stop],
                job.optimizer,
                stop_on_overflow=stop_on_overflow,
            )
            losses[k][start:stop] = chunk
            stopped = stop_on_overflow and chunk.ndim == 1 and not np.isfinite(chunk).all()
            if stop < len(job.batches) and not stopped:
                waiting.put((k, stop))

    with chosen_threads(len(jobs) or 1, blas_threads=blas_threads, workers=workers) as plan:
        run_side_by_side([work] * plan.workers, plan.workers)
    if stop_on_overflow:
        for run in losses:
            run[np.cumsum(~np.isfinite(run), axis=0) > 0] = np.nan
    return losses
