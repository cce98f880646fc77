"""One run's view of the Hub: each repository fetched at most once, independent ones concurrently, and
the run's Hub work bounded.

A repository naming 50 new bases at every level would otherwise fan out to tens of thousands of
requests: the new repositories a lineage may add (at one level of one model's lineage, and in the
whole run) and the HTTP requests of the run are capped. What a limit leaves out is reported where it
was left out (an unresolved ancestor, a file not fetched, a target not checked), and the run says
once which limit was reached.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError, HubErrorKind
from licheck.hub.fetch import fetch_snapshot
from licheck.repository.snapshot import RepoSnapshot, RepoType, shown_repo

WORKERS = 8


@dataclass(frozen=True)
class HubLimits:
    # HTTP requests per run, each attempt counted: a fixed part for lineages (256 repositories at most, a
    # few requests each), and an allowance for each repository the user asks for (one costs 2 to 22; 200
    # cost some 800), so a run over a whole organisation is bounded by its size, not stopped at a constant.
    requests: int = 5_000
    requests_per_target: int = 24
    lineage_level: int = 32  # repositories not seen before, looked up for one level of one model's lineage
    lineage_run: int = 256  # such repositories in the whole run


_Key = tuple[str, str, str | None]


class HubSession:
    def __init__(
        self,
        client: HubClient | None,
        cache: HubCache,
        limits: HubLimits = HubLimits(),
        notify: Callable[[str], None] | None = None,
    ):
        # None: offline, the cache only. The run's client counts its requests against the run's limit.
        self.client = dataclasses.replace(client, before_request=self._count_request) if client else None
        self.cache = cache
        self.limits = limits
        self._notify = notify  # told once of each limit reached (the CLI: one line on stderr)
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="licheck-hub")
        self._futures: dict[_Key, Future[RepoSnapshot]] = {}
        self._lock = threading.Lock()
        self._requests = 0
        self._request_budget = limits.requests  # grows with each target asked for
        self._lineage_repos = 0
        self._reached: set[str] = set()

    def _future(self, key: _Key, repo_id: str, revision: str | None, repo_type: RepoType) -> Future[RepoSnapshot]:
        """Under the lock: the one fetch of a repository at a revision."""
        if key not in self._futures:
            self._futures[key] = self._pool.submit(
                fetch_snapshot, self.client, self.cache, repo_id, revision, repo_type
            )
        return self._futures[key]

    def fetch_all(
        self, targets: list[tuple[str, str | None]], repo_type: RepoType = "model", *, lineage: bool = False
    ) -> list[RepoSnapshot | HubError]:
        """Every target's snapshot, or the HubError that says why there is none; in the targets' order.
        `lineage`: the targets are one level of a lineage, so new ones count against the breadth limits."""
        new_at_this_level = 0
        futures: list[Future[RepoSnapshot] | HubError] = []
        with self._lock:  # all started before any wait
            if not lineage:
                self._request_budget += self.limits.requests_per_target * len(targets)
            for repo_id, revision in targets:
                key = (repo_type, repo_id.casefold(), revision)
                if lineage and key not in self._futures:
                    refusal = self._breadth_refusal(shown_repo(repo_id, repo_type, revision), new_at_this_level)
                    if refusal is not None:
                        futures.append(refusal)
                        continue
                    new_at_this_level += 1
                    self._lineage_repos += 1
                futures.append(self._future(key, repo_id, revision, repo_type))
        results: list[RepoSnapshot | HubError] = []
        for future in futures:
            if isinstance(future, HubError):
                results.append(future)
                continue
            try:
                results.append(future.result())
            except HubError as exc:
                results.append(exc)
        return results

    def _breadth_refusal(self, shown: str, new_at_this_level: int) -> HubError | None:
        """Under the lock: why a repository new to the run may not be looked up for a lineage, if it may not."""
        if new_at_this_level >= self.limits.lineage_level:
            limit = f"the limit of {self.limits.lineage_level:,} new Hub repositories per lineage level"
        elif self._lineage_repos >= self.limits.lineage_run:
            limit = f"the limit of {self.limits.lineage_run:,} Hub repositories looked up for lineages per run"
        else:
            return None
        return self._refusal(shown, limit, "not looked up", "the ancestors beyond it are reported as unresolved")

    def _count_request(self, what: str) -> None:
        """Before each HTTP request of the run (from the client's worker threads)."""
        with self._lock:
            self._requests += 1
            if self._requests <= self._request_budget:
                return
            limit = f"the limit of {self._request_budget:,} Hub requests for this run"
            raise self._refusal(what, limit, "not requested", "the repositories and files it left out are reported")

    def _refusal(self, shown: str, limit: str, outcome: str, consequence: str) -> HubError:
        """Under the lock: the error for what a limit leaves out; the run is told once per limit."""
        if limit not in self._reached:
            self._reached.add(limit)
            if self._notify is not None:
                self._notify(f"{limit} was reached; {consequence}")
        return HubError(HubErrorKind.LIMIT_REACHED, f"{shown}: {outcome}: {limit} was reached")

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> HubSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
