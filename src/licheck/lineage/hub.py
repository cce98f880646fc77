"""Online lineage: ancestors the scanned tree and the bundled tables do not know, learned from their
Hub repositories (card, configs and license files at the commit the Hub names)."""

from __future__ import annotations

from collections.abc import Sequence

from licheck.catalog.catalog import Catalog
from licheck.hub.client import HubError, HubErrorKind
from licheck.hub.session import HubSession
from licheck.lineage.resolver import Resolution, Unresolved
from licheck.lineage.summary import summarise
from licheck.metadata.reader import read_metadata
from licheck.repository.snapshot import RepoType, SnapshotRepository


class HubResolver:
    def __init__(self, catalog: Catalog, session: HubSession):
        self.catalog = catalog
        self.session = session

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return self._resolve(ids, "model")

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return self._resolve(ids, "dataset")

    def _resolve(self, ids: Sequence[str], repo_type: RepoType) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        snapshots = self.session.fetch_all([(i, None) for i in ids], repo_type, lineage=True)  # one level's ids
        for repo_id, snapshot in zip(ids, snapshots, strict=True):
            if isinstance(snapshot, HubError):
                limited = snapshot.kind is HubErrorKind.LIMIT_REACHED  # says itself what was not done
                found[repo_id] = Unresolved(str(snapshot) if limited else f"the Hub lookup failed: {snapshot}")
                continue
            metadata = read_metadata(SnapshotRepository(snapshot))
            origin = "cached Hub metadata" if snapshot.from_cache else "Hub metadata"
            found[repo_id] = summarise(
                metadata, self.catalog, snapshot.repo_id, f"{origin} of {metadata.path} at {snapshot.sha[:12]}"
            )
        return found
