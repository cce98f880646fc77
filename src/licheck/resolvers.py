"""Resolvers that learn an ancestor from its own metadata: a folder of the scanned tree, or (see
licheck.hub.resolver) a Hub repository. The bundled table (licheck.lineage.TableResolver) is the
fallback of both."""

from __future__ import annotations

import dataclasses
import os
from typing import Callable

from licheck.catalog.catalog import Catalog
from licheck.engine.declared import own_licenses
from licheck.engine.use import is_multimodal
from licheck.lineage import ResolvedModel
from licheck.metadata import ModelMetadata


def resolved_from_metadata(metadata: ModelMetadata, catalog: Catalog, model_id: str, source: str) -> ResolvedModel:
    """What an ancestor's own metadata says: the licenses it declares or ships, and its own bases."""
    own = own_licenses(metadata, catalog, [])
    licenses = tuple(dict.fromkeys(e.license for e in own.declared + own.detected if catalog.is_license(e.license)))
    if not licenses:
        source += ": it declares no license licheck can identify"
    return ResolvedModel(model_id, licenses, tuple(b.model_id for b in metadata.bases),
                         next((b.relation for b in metadata.bases if b.relation), None),
                         is_multimodal(metadata.pipeline_tag, metadata.tags, False), source)


def _key(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/").casefold()


class LocalTreeResolver:
    """Bases that are folders of the scanned tree are read from there, before any table or the Hub.

    A base matches a folder by the folder's path as shown (a relative base path is made so when the
    folder is read), or by the `org/name` that ends it: a monorepo keeps `models/acme/base` for the
    repository `acme/base`. Only paths are indexed; a folder named as a base is read when first
    asked for, and what it says is kept, so a scan never holds every folder's metadata at once.
    """

    def __init__(self, folders: dict[str, Callable[[], ModelMetadata]], catalog: Catalog, fallback):
        self.catalog = catalog
        self.fallback = fallback
        self._readers: dict[str, Callable[[], ModelMetadata]] = {}
        self._by_repo: dict[str, str] = {}
        self._resolved: dict[str, ResolvedModel] = {}
        for path, reader in folders.items():
            key = _key(path)
            self._readers[key] = reader
            parts = key.split("/")
            if len(parts) >= 2:
                self._by_repo.setdefault("/".join(parts[-2:]), key)

    def _local(self, model_id: str) -> str | None:
        key = _key(model_id)
        return key if key in self._readers else self._by_repo.get(key)

    def resolve(self, model_ids: list[str]) -> dict:
        local = {i: self._local(i) for i in model_ids}
        found = self.fallback.resolve([i for i, key in local.items() if key is None])
        for model_id, key in local.items():
            if key is None:
                continue
            if key not in self._resolved:
                metadata = self._readers[key]()
                self._resolved[key] = resolved_from_metadata(metadata, self.catalog, model_id,
                                                             f"scanned folder {metadata.path}")
            found[model_id] = dataclasses.replace(self._resolved[key], id=model_id)
        return found

    def resolve_datasets(self, dataset_ids: list[str]) -> dict:
        return self.fallback.resolve_datasets(dataset_ids)
