"""Bases that are folders of the scanned tree are learned from there, before any table or the Hub.

Which folder a base names is licheck.repository.scanned_tree's business. Each folder is read once: a
folder's summary is made at its own check and kept for later models naming it, and a base read early
for a derivative is held for its own turn. Both are kept for the most recent folders only, so a run
over a huge tree holds a bounded number (a base met again after that is read again, never wrong).
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence

from licheck.catalog.catalog import Catalog
from licheck.lineage.resolver import Resolution, Resolved, Unresolved
from licheck.lineage.summary import summarise
from licheck.metadata import ModelMetadata
from licheck.metadata.reader import read_metadata
from licheck.repository.scanned_tree import ScannedTree

SUMMARIES_KEPT = 1024  # folders: far more bases than a monorepo shares; a few hundred KiB at most
HELD_KEPT = 16  # bases read before their own turn: a whole card each, so few


class LocalTreeResolver:
    def __init__(self, tree: ScannedTree, catalog: Catalog):
        self.tree = tree
        self.catalog = catalog
        self._summaries: OrderedDict[int, Resolved] = OrderedDict()  # by position, the most recently used last
        self._held: OrderedDict[int, ModelMetadata] = OrderedDict()  # read as a base before its own turn

    def metadata(self, position: int) -> ModelMetadata:
        """A scanned folder's metadata for its own check, read once."""
        metadata = self._held.pop(position, None) or read_metadata(self.tree.repository(position))
        self._remember(position, metadata)
        return metadata

    def _remember(self, position: int, metadata: ModelMetadata) -> Resolved:
        summary = summarise(metadata, self.catalog, metadata.path, f"scanned folder {metadata.path}")
        self._summaries[position] = summary
        if len(self._summaries) > SUMMARIES_KEPT:
            self._summaries.popitem(last=False)
        return summary

    def _summary(self, position: int) -> Resolved:
        summary = self._summaries.get(position)
        if summary is not None:
            self._summaries.move_to_end(position)
            return summary
        metadata = read_metadata(self.tree.repository(position))
        self._held[position] = metadata
        if len(self._held) > HELD_KEPT:
            self._held.popitem(last=False)
        return self._remember(position, metadata)

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        for model_id in ids:
            position = self.tree.find(model_id)
            if position is None:
                found[model_id] = Unresolved()  # not a folder of the scanned tree: for the next resolver
            else:
                found[model_id] = dataclasses.replace(self._summary(position), id=model_id)
        return found

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return {dataset_id: Unresolved() for dataset_id in ids}
