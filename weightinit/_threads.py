"""How many threads the package's numerical work uses: chosen in one place, :func:`plan_threads`.

Private. Every entry point that trains networks or multiplies many small matrices (the
training loop of :mod:`weightinit.experiments`, :mod:`weightinit.diagnostics`, the explorers)
runs inside :func:`chosen_threads`, which limits BLAS with ``threadpoolctl`` to the plan's
threads and restores the setting afterwards. The user does not choose; the two overrides are
the argument ``blas_threads`` of the entry points that take it, and the BLAS libraries' own
variables (``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``, ``OMP_NUM_THREADS``), which the
documentation build sets to 1 (``docs/conf.py``).

The plan, and why (measurements in ``benchmarks/README.md``):

- **One BLAS thread by default.** The products here are small (layers of 100 units, batches
  of 128). Two BLAS threads change the floating-point sums (OpenBLAS takes another code path:
  the MNIST comparison's losses differ by about 1e-3 after 600 steps), so a choice made from
  the machine's load would make results depend on the load; on a busy machine they also
  wait for each other to be scheduled and are tens of times slower.
- **The cores are used by training independent networks side by side** instead, one thread
  per core the process may use (``os.sched_getaffinity``), which changes no result (each
  network computes exactly what it would alone) and does not collapse when the cores are
  shared: the kernel's scheduler gives every runnable thread its share, so one thread per
  core is the best choice whether the cores are free or busy, and the load does not enter.
- **More BLAS threads only when asked**, and then only as many networks at a time as leave
  every BLAS thread a core that other processes do not keep busy (the load average, less this
  process's own threads), since BLAS threads beyond the free cores are what collapses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from threadpoolctl import threadpool_limits

from weightinit._validation import check_int

#: The variables the BLAS libraries read themselves; the first one set is an explicit choice.
BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


@dataclass(frozen=True)
class ThreadPlan:
    """Threads for one call: ``workers`` tasks at a time, each on ``blas`` BLAS threads."""

    workers: int
    blas: int


def usable_cores() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def busy_cores() -> float:
    """Cores other processes keep busy: the 1-minute load average (0 where it is unknown)."""
    try:
        return max(0.0, os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - not on Unix
        return 0.0


def explicit_blas_threads(environ: Mapping[str, str] | None = None) -> int | None:
    """The BLAS threads the environment asks for (the first of :data:`BLAS_VARIABLES` set)."""
    environ = os.environ if environ is None else environ
    for variable in BLAS_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return check_int(int(value) if value.isdigit() else value, variable, minimum=1)
    return None


def plan_threads(
    tasks: int = 1,
    *,
    blas_threads: int | None = None,
    workers: int | None = None,
    cores: int | None = None,
    busy: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> ThreadPlan:
    """Choose the threads of a call that runs ``tasks`` independent tasks (see the module).

    ``blas_threads`` and ``workers`` are the caller's overrides (None: chosen); ``cores``,
    ``busy`` and ``environ`` default to this process's (:func:`usable_cores`,
    :func:`busy_cores`, ``os.environ``) and are arguments so that tests can fake them.
    """
    tasks = check_int(tasks, "tasks", minimum=1)
    if blas_threads is None:
        blas = explicit_blas_threads(environ) or 1
    else:
        blas = check_int(blas_threads, "blas_threads", minimum=1)
    cores = usable_cores() if cores is None else check_int(cores, "cores", minimum=1)
    if workers is not None:
        return ThreadPlan(min(check_int(workers, "workers", minimum=1), tasks), blas)
    if blas == 1:
        return ThreadPlan(min(cores, tasks), 1)
    busy = busy_cores() if busy is None else float(busy)
    free = cores - max(0.0, busy - 1.0)  # the load average counts this process's own thread
    return ThreadPlan(max(1, min(tasks, int(free // blas))), blas)


@contextmanager
def chosen_threads(
    tasks: int = 1, *, blas_threads: int | None = None, workers: int | None = None
) -> Iterator[ThreadPlan]:
    """Run the ``with`` block on the threads :func:`plan_threads` chooses; yield the plan.

    BLAS is limited for the block (``threadpoolctl``) and restored afterwards.
    """
    plan = plan_threads(tasks, blas_threads=blas_threads, workers=workers)
    with threadpool_limits(limits=plan.blas, user_api="blas"):
        yield plan
