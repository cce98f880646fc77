"""Online lineage: ancestors the bundled table does not know are looked up on the Hub."""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.engine.declared import own_licenses
from licheck.engine.use import is_multimodal
from licheck.hub.client import HubError
from licheck.hub.session import HubSession
from licheck.lineage import ResolvedModel, TableResolver
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
            own = own_licenses(metadata, self.catalog, [])
            licenses = tuple(dict.fromkeys(e.license for e in own.declared + own.detected
                                           if self.catalog.is_license(e.license)))
            origin = "cached Hub metadata" if snapshot.from_cache else "Hub metadata"
            source = f"{origin} of {metadata.path} at {snapshot.sha[:12]}"
            if not licenses:
                source += ": it declares no license licheck can identify"
            found[repo_id] = ResolvedModel(snapshot.repo_id, licenses, tuple(b.model_id for b in metadata.bases),
                                           next((b.relation for b in metadata.bases if b.relation), None),
                                           is_multimodal(metadata.pipeline_tag, metadata.tags, False), source)
        return found
