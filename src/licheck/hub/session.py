"""One run's view of the Hub: each repository fetched at most once, independent ones concurrently."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError
from licheck.hub.fetch import fetch_snapshot
from licheck.repository.snapshot import RepoSnapshot, RepoType

WORKERS = 8


class HubSession:
    def __init__(self, client: HubClient | None, cache: HubCache):
        self.client = client  # None: offline, the cache only
        self.cache = cache
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="licheck-hub")
        self._futures: dict[tuple[str, str, str | None], Future[RepoSnapshot]] = {}
        self._lock = threading.Lock()

    def _future(self, repo_id: str, revision: str | None, repo_type: RepoType) -> Future[RepoSnapshot]:
        key = (repo_type, repo_id.casefold(), revision)
        with self._lock:
            if key not in self._futures:
                self._futures[key] = self._pool.submit(
                    fetch_snapshot, self.client, self.cache, repo_id, revision, repo_type
                )
            return self._futures[key]

    def fetch_all(
        self, targets: list[tuple[str, str | None]], repo_type: RepoType = "model"
    ) -> list[RepoSnapshot | HubError]:
        """Every target's snapshot, or the HubError that says why there is none; in the targets' order."""
        futures = [self._future(repo, revision, repo_type) for repo, revision in targets]  # all started before any wait
        results: list[RepoSnapshot | HubError] = []
        for future in futures:
            try:
                results.append(future.result())
            except HubError as exc:
                results.append(exc)
        return results

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def __enter__(self) -> HubSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
