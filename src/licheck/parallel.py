"""Checking many models on every core, the results in the order one process gives them.

Workers are forked, so each starts with the parent's loaded catalog, policies and the index of the
scanned tree (a folder named as another's base is read from there by the worker that needs it), and
nothing is pickled on the way in but lists of model paths. Results come back in chunks, in order.
"""

from __future__ import annotations

import collections
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Item = TypeVar("Item")

PARALLEL_FROM = 200  # models: fewer are checked in a fraction of a second, less than starting workers costs
CHUNK = 128  # models per task: each task costs the main process (unshared by the cores) ~0.5 ms
AHEAD = 2  # chunks per worker given out ahead of the one being read: each worker always has the next


class _Worker:
    work: Callable[[Any], Any] | None = None  # what each worker does with a model, set before forking


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (a container's share)
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def default_jobs(models: int) -> int:
    """The machine's cores for a tree of many models; one for a few, so a pre-commit run starts no worker."""
    return available_cores() if models >= PARALLEL_FROM else 1


def can_fork() -> bool:
    import multiprocessing  # here: a one-model run (pre-commit) never pays for importing it

    return "fork" in multiprocessing.get_all_start_methods()


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    work = _Worker.work
    assert work is not None  # set by in_order before the pool forks
    return [work(item) for item in chunk]


def in_order(work: Callable[[Item], T], items: Sequence[Item], jobs: int) -> Iterator[T]:
    """`work` on every item on `jobs` forked workers, yielded in the items' order as they are ready.

    At most AHEAD chunks per worker are given out before their results are read, so results wait in
    memory only that long however slowly they are written (a pool's imap would take every task at
    once and keep every result until read)."""
    import multiprocessing

    _Worker.work = work
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunks = (items[i : i + CHUNK] for i in range(0, len(items), CHUNK))
            pending = collections.deque(
                pool.apply_async(_run_chunk, (c,)) for c in itertools.islice(chunks, AHEAD * jobs)
            )
            while pending:
                results = pending.popleft().get()
                pending.extend(pool.apply_async(_run_chunk, (c,)) for c in itertools.islice(chunks, 1))
                yield from results
    finally:
        _Worker.work = None
