"""--jobs: the same results, in the same order, from several worker processes as from one."""

from __future__ import annotations

import pytest

from licheck.parallel import CHUNK, can_fork, default_jobs
from licheck.pipeline import scan_paths
from licheck.policy import Policy

MODELS = 3 * CHUNK  # three chunks: a base and its derivative are checked by different workers


@pytest.fixture
def tree(model):
    for i in range(MODELS):
        if i == 1:  # its base comes later in the scan, in another chunk
            card = f"license: mit\nbase_model: acme/model-{MODELS - 1}"
        elif i == MODELS - 2:  # its base came first, in another chunk
            card = "license: apache-2.0\nbase_model: acme/model-0"
        else:
            card = ("license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B", "license: cc-by-nc-4.0")[i % 2]
        folder = model(card, name=f"acme/model-{i}")
    return folder.parents[1]


def test_several_jobs_give_one_job_s_results_in_its_order(tree, catalog):
    one = scan_paths([str(tree)], catalog, Policy(), jobs=1)
    two = scan_paths([str(tree)], catalog, Policy(), jobs=2)
    assert len(one.results) == MODELS
    assert two == one
    local_bases = [r for r in two.results if any(a.model_id.startswith("acme/") for a in r.lineage)]
    assert [r.path.rsplit("/", 1)[-1] for r in local_bases] == ["model-1", f"model-{MODELS - 2}"]
    assert all(a.licenses for r in local_bases for a in r.lineage)  # read from the tree, in any worker


def test_a_single_model_starts_no_worker():
    assert default_jobs(1) == 1


def test_workers_can_be_forked_on_posix():
    """--jobs forks its workers; where fork is missing it checks in one process, which POSIX never needs."""
    import os

    assert can_fork() or os.name != "posix"


def test_a_configuration_error_in_a_worker_reaches_the_run_whole():
    import pickle

    from licheck.config.files import ConfigError

    error = pickle.loads(pickle.dumps(ConfigError([".licheck.yaml:3: unknown key", ".licheck.yaml:5: not a list"])))
    assert error.problems == [".licheck.yaml:3: unknown key", ".licheck.yaml:5: not a list"]


def test_workers_run_only_a_few_chunks_ahead_of_the_reader(tmp_path):
    """However slowly results are read (a report written to a slow pipe), workers wait: results never pile
    up in memory beyond the window in flight."""
    import time

    from licheck.parallel import AHEAD, in_order

    started = tmp_path / "started"

    def work(item: int) -> int:
        with started.open("a") as log:  # appended by each forked worker
            log.write(f"{item}\n")
        return item

    items = range(40 * CHUNK)
    results = in_order(work, items, jobs=2)
    assert next(results) == 0
    time.sleep(0.5)  # the reader dawdles: unbounded workers would finish all forty chunks meanwhile
    furthest = max(int(line) for line in started.read_text().split())
    assert furthest < (2 + AHEAD * 2) * CHUNK  # the chunk read, the one handed out after it, and the window
    assert list(results) == list(items[1:])
