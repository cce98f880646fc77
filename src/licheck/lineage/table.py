"""Ancestors from the bundled tables of well-known models and datasets: no network, and facts
checked by hand, each with its source."""

from __future__ import annotations

from collections.abc import Sequence

from licheck.catalog.catalog import Catalog
from licheck.lineage.resolver import Resolution, Resolved, Unresolved
from licheck.vocabulary import Relation


class TableResolver:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def resolve_models(self, ids: Sequence[str]) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        for model_id in ids:
            model = self.catalog.well_known(model_id)
            found[model_id] = (
                Resolved(
                    model.id,
                    model.licenses,
                    f"well-known models table: {model.source}",
                    model.base,
                    Relation(model.relation) if model.relation else None,
                    model.multimodal,
                    model.distilled_from,
                )
                if model
                else Unresolved("not in the bundled table of well-known models")
            )
        return found

    def resolve_datasets(self, ids: Sequence[str]) -> dict[str, Resolution]:
        found: dict[str, Resolution] = {}
        for dataset_id in ids:
            data = self.catalog.well_known_dataset(dataset_id)
            found[dataset_id] = (
                Resolved(
                    data.id,
                    data.all_licenses,  # where its sources disagree, every license they name applies
                    f"well-known datasets table: {data.source}",
                    outputs_of=data.generated_with,
                    note=data.disagreement,
                )
                if data
                else Unresolved(
                    "not in the bundled table of well-known datasets; --online reads the dataset's card on the Hub"
                )
            )
        return found
