"""Bases that are rows of the audited dump (`licheck audit`): a row naming another row as its base gets
that row's licenses and bases from the dump itself, offline, before any table or the Hub is asked.

The dump may hold millions of rows, so a base's summary is remembered only for a bounded number of
distinct bases (the popular ones are asked for again and again); a base met after that is read again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from licheck.catalog.catalog import Catalog
from licheck.lineage.resolver import Resolution, Resolved, Unresolved
from licheck.lineage.summary import summarise
from licheck.metadata import ModelMetadata

SUMMARIES_KEPT = 50_000  # distinct bases remembered; a summary is a few hundred bytes


class DumpResolver:
    def __init__(self, read: Callable[[str], tuple[ModelMetadata, str] | None], catalog: Catalog):
        """`read`: a model id's row as metadata and the row's place in the dump, or None when no row is it."""
        self._read = read
        self.catalog = catalog
        self._summaries: dict[str, Resolved | None] = {}

    def _summary(self, model_id: str) -> Resolved | None:
        key = model_id.casefold()
        if key not in self._summaries:
            if len(self._summaries) >= SUMMARIES_KEPT:
                self._summaries.clear()
            row = self._read(model_id)
            self._summaries[key] = (
                None if row is None else summarise(row[0], self.catalog, model_id, f"the dump's row {row[1]}")
            )
        return self._summaries[key]

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        for model_id in ids:
            summary = self._summary(model_id)
            # Not a row of the dump: for the next resolver (the bundled tables, the Hub).
            found[model_id] = Unresolved() if summary is None else dataclasses.replace(summary, id=model_id)
        return found

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        return {dataset_id: Unresolved() for dataset_id in ids}
