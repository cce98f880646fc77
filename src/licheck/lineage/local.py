"""Bases that are folders of the scanned tree are learned from there, before any table or the Hub.

Which folder a base names is licheck.repository.scanned_tree's business. A folder is summarised when
a model first names it, and the summaries of the most recently named bases are kept, so a monorepo's
shared base is read for its summary once however many models name it; a base read early for a
derivative is held for its own turn. Both are bounded, so a run over a huge tree holds little: a base
met again after that is read again, never wrong. A folder nobody names is never summarised.
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

SUMMARIES_KEPT = 1024  # bases: far more than a monorepo shares; a few hundred KiB at most
HELD_KEPT = 16  # bases read before their own turn: a whole card each, so few


class LocalTreeResolver:
    def __init__(self, tree: ScannedTree, catalog: Catalog):
        self.tree = tree
        self.catalog = catalog
        self._summaries: OrderedDict[int, Resolved] = OrderedDict()  # by position, the most recently used last
        self._held: OrderedDict[int, ModelMetadata] = OrderedDict()  # read as a base before its own turn
        self._latest = -1  # the position last checked

    def metadata(self, position: int) -> ModelMetadata:
        """A scanned folder's metadata for its own check: the copy read early as a base, or read now."""
        self._latest = position
        return self._held.pop(position, None) or read_metadata(self.tree.repository(position))

    def _summary(self, position: int) -> Resolved:
        summary = self._summaries.get(position)
        if summary is not None:
            self._summaries.move_to_end(position)
            return summary
        metadata = read_metadata(self.tree.repository(position))
        if position > self._latest:  # its own turn is still to come (positions are checked in order)
            self._held[position] = metadata
            if len(self._held) > HELD_KEPT:
                self._held.popitem(last=False)
        summary = self._summaries[position] = summarise(
            metadata, self.catalog, metadata.path, f"scanned folder {metadata.path}"
        )
        if len(self._summaries) > SUMMARIES_KEPT:
            self._summaries.popitem(last=False)
        return summary

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
