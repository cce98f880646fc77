"""Online lineage: ancestors the bundled table does not know are looked up on the Hub."""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.hub.client import HubError
from licheck.hub.session import HubSession
from licheck.lineage import ResolvedModel, TableResolver
from licheck.resolvers import resolved_from_metadata
from licheck.sources.hub import metadata_from_snapshot


class HubResolver:
    """The table first (no request, and vendor facts checked by hand); then the Hub's metadata of the repo."""

    def __init__(self, catalog: Catalog, session: HubSession):
        self.catalog = catalog
        self.session = session
        self.table = TableResolver(catalog)

    def resolve(self, model_ids: list[str]) -> dict[str, ResolvedModel | str]:
        return self._resolve(model_ids, self.table.resolve(model_ids), "model")

    def resolve_datasets(self, dataset_ids: list[str]) -> dict[str, ResolvedModel | str]:
        return self._resolve(dataset_ids, self.table.resolve_datasets(dataset_ids), "dataset")

    def _resolve(self, ids: list[str], found: dict[str, ResolvedModel | str], repo_type: str):
        """What the table does not know, from the Hub: each repository's card, configs and license files."""
        missing = [i for i in ids if isinstance(found[i], str)]
        for repo_id, snapshot in zip(missing, self.session.fetch_all([(i, None) for i in missing], repo_type)):
            if isinstance(snapshot, HubError):
                found[repo_id] = f"not in a bundled table, and the Hub lookup failed: {snapshot}"
                continue
            metadata = metadata_from_snapshot(snapshot)
            origin = "cached Hub metadata" if snapshot.from_cache else "Hub metadata"
            found[repo_id] = resolved_from_metadata(metadata, self.catalog, snapshot.repo_id,
                                                    f"{origin} of {metadata.path} at {snapshot.sha[:12]}")
        return found
