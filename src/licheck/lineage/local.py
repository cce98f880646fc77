"""Bases that are folders of the scanned tree are learned from there, before any table or the Hub.

A base matches a folder by the folder's path as shown (a relative base path is made so when the
folder is read), or by the `org/name` that ends it: a monorepo keeps `models/acme/base` for the
repository `acme/base`. Each folder is read once: the scan takes a folder's metadata from here, and
a base read early for another model is held until its own turn comes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence

from licheck.catalog.catalog import Catalog
from licheck.lineage.resolver import Resolution, Resolved, Unresolved
from licheck.lineage.summary import summarise
from licheck.metadata import ModelMetadata


def _key(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/").casefold()


class LocalTreeResolver:
    def __init__(self, folders: Mapping[str, Callable[[], ModelMetadata]], catalog: Catalog):
        self.catalog = catalog
        self._readers: dict[str, Callable[[], ModelMetadata]] = {}
        self._by_repo: dict[str, str] = {}
        self._held: dict[str, ModelMetadata] = {}  # read as a base before its own turn in the scan
        self._summaries: dict[str, Resolved] = {}
        for path, reader in folders.items():
            key = _key(path)
            self._readers[key] = reader
            parts = key.split("/")
            if len(parts) >= 2:
                self._by_repo.setdefault("/".join(parts[-2:]), key)

    def metadata(self, path: str) -> ModelMetadata:
        """A scanned folder's metadata for its own check, read once."""
        key = _key(path)
        metadata = self._held.pop(key, None) or self._read(key)
        self._summary(key, metadata)
        return metadata

    def _read(self, key: str) -> ModelMetadata:
        # A folder is read once: its reader, which holds the folder's listing, is dropped, and a run over
        # many folders keeps only their summaries.
        return self._readers.pop(key)()

    def _summary(self, key: str, metadata: ModelMetadata) -> Resolved:
        if key not in self._summaries:
            self._summaries[key] = summarise(metadata, self.catalog, metadata.path, f"scanned folder {metadata.path}")
        return self._summaries[key]

    def _local(self, model_id: str) -> str | None:
        key = _key(model_id)
        return key if key in self._readers or key in self._summaries else self._by_repo.get(key)

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        for model_id in ids:
            key = self._local(model_id)
            if key is None:
                found[model_id] = Unresolved()  # not a folder of the scanned tree: for the next resolver
                continue
            if key not in self._summaries:
                self._held[key] = self._read(key)
                self._summary(key, self._held[key])
            found[model_id] = dataclasses.replace(self._summaries[key], id=model_id)
        return found

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return {dataset_id: Unresolved() for dataset_id in ids}
