"""The one choice of threads (weightinit._threads), from faked cores, load and environment."""

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from weightinit._threads import (
    BLAS_VARIABLES,
    ThreadPlan,
    chosen_threads,
    explicit_blas_threads,
    plan_threads,
    usable_cores,
)

NONE_SET: dict[str, str] = {}


def _blas_threads():
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


@pytest.mark.parametrize("busy", [0.0, 1.0, 2.0, 12.5])
def test_by_default_one_blas_thread_and_one_network_per_core_quiet_or_busy(busy):
    assert plan_threads(3, cores=2, busy=busy, environ=NONE_SET) == ThreadPlan(2, 1)
    assert plan_threads(8, cores=4, busy=busy, environ=NONE_SET) == ThreadPlan(4, 1)


def test_never_more_workers_than_tasks():
    assert plan_threads(1, cores=8, busy=0.0, environ=NONE_SET) == ThreadPlan(1, 1)
    assert plan_threads(3, workers=5, cores=2, environ=NONE_SET) == ThreadPlan(3, 1)


def test_the_environment_sets_the_blas_threads_whatever_the_load():
    for busy in (0.0, 9.0):
        plan = plan_threads(4, cores=8, busy=busy, environ={"OPENBLAS_NUM_THREADS": "1"})
        assert plan == ThreadPlan(4, 1)
    assert explicit_blas_threads({"MKL_NUM_THREADS": "3", "OMP_NUM_THREADS": "2"}) == 3
    assert explicit_blas_threads({"OMP_NUM_THREADS": " 2 ", "OPENBLAS_NUM_THREADS": ""}) == 2
    assert explicit_blas_threads(NONE_SET) is None


def test_more_blas_threads_leave_each_a_free_core():
    env = {"OPENBLAS_NUM_THREADS": "2"}
    # the load average counts this process's own thread: 1.0 is an otherwise idle machine
    assert plan_threads(4, cores=8, busy=1.0, environ=env) == ThreadPlan(4, 2)
    assert plan_threads(4, cores=8, busy=5.0, environ=env) == ThreadPlan(2, 2)
    assert plan_threads(4, cores=8, busy=20.0, environ=env) == ThreadPlan(1, 2)
    assert plan_threads(3, cores=2, busy=0.0, environ=env) == ThreadPlan(1, 2)


def test_the_argument_overrides_the_environment():
    env = {"OPENBLAS_NUM_THREADS": "4"}
    assert plan_threads(2, blas_threads=1, cores=2, busy=0.0, environ=env) == ThreadPlan(2, 1)
    assert plan_threads(2, blas_threads=2, workers=2, cores=2, environ=env) == ThreadPlan(2, 2)


@pytest.mark.parametrize(
    ("environ", "error", "message"),
    [
        ({"OPENBLAS_NUM_THREADS": "two"}, TypeError, r"^OPENBLAS_NUM_THREADS must be an int"),
        ({"OMP_NUM_THREADS": "0"}, ValueError, r"^OMP_NUM_THREADS must be a positive int"),
    ],
)
def test_a_bad_environment_variable_is_named(environ, error, message):
    with pytest.raises(error, match=message):
        plan_threads(environ=environ)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match=r"^blas_threads must be an int"):
        plan_threads(blas_threads=1.0, environ=NONE_SET)
    with pytest.raises(ValueError, match=r"^workers must be a positive int"):
        plan_threads(workers=0, environ=NONE_SET)
    with pytest.raises(ValueError, match=r"^tasks must be a positive int"):
        plan_threads(0)


def test_chosen_threads_limit_blas_for_the_block_and_restore_it(monkeypatch):
    for variable in BLAS_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        with chosen_threads(3) as plan:
            assert plan == ThreadPlan(min(3, usable_cores()), 1)
            assert _blas_threads() == {1}
        assert _blas_threads() == before
        monkeypatch.setenv("MKL_NUM_THREADS", "2")
        with chosen_threads(1) as plan:
            assert plan.blas == 2 and _blas_threads() == {2}
