"""The bundled tables of well-known models and training datasets (rules/well-known-*.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PreviousLicense:
    """An earlier edition of a well-known model's license: what it was published under until `until`."""

    licenses: tuple[str, ...]
    until: str  # a date (YYYY-MM-DD) or the event that ended it
    source: str


@dataclass(frozen=True)
class WellKnownModel:
    """A model of the bundled table: its names, licenses and bases, and the source that states them."""

    id: str
    aliases: tuple[str, ...]
    licenses: tuple[str, ...]
    base: tuple[str, ...]
    relation: str | None
    multimodal: bool
    source: str
    distilled_from: tuple[str, ...] = ()  # models whose outputs it was trained on
    previously: tuple[PreviousLicense, ...] = ()  # earlier editions, newest first


@dataclass(frozen=True)
class StatedLicense:
    """A license a source states for a dataset, and the source (file and commit)."""

    licenses: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class WellKnownDataset:
    """A training dataset of the bundled table: its names and licenses, and the sources that state them."""

    id: str
    aliases: tuple[str, ...]
    licenses: tuple[str, ...]
    generated_with: tuple[str, ...]  # models whose outputs make up the dataset
    source: str
    other_sources: tuple[StatedLicense, ...] = ()  # other places that state its license

    @property
    def all_licenses(self) -> tuple[str, ...]:
        """Every license any source names: where sources disagree, all apply, so the strictest binds."""
        return tuple(dict.fromkeys([*self.licenses, *(i for s in self.other_sources for i in s.licenses)]))

    @property
    def disagreement(self) -> str | None:
        """How the sources disagree, for a report; None when they agree."""
        differing = [s for s in self.other_sources if set(s.licenses) != set(self.licenses)]
        if not differing:
            return None
        stated = "; ".join(f"{', '.join(s.licenses) or 'no license'} per {s.source}" for s in differing)
        return f"its sources disagree: {', '.join(self.licenses) or 'no license'} per its card, {stated}"


def well_known_from_data(entry: Mapping[str, Any]) -> WellKnownModel:
    return WellKnownModel(
        id=entry["id"],
        aliases=tuple(entry.get("aliases", ())),
        licenses=tuple(entry["licenses"]),
        base=tuple(entry.get("base", ())),
        relation=entry.get("relation"),
        multimodal=bool(entry.get("multimodal", False)),
        source=entry["source"],
        distilled_from=tuple(entry.get("distilled_from", ())),
        previously=tuple(
            PreviousLicense(licenses=tuple(p["licenses"]), until=str(p["until"]), source=p["source"])
            for p in entry.get("previously", ())
        ),
    )


def dataset_from_data(entry: Mapping[str, Any]) -> WellKnownDataset:
    return WellKnownDataset(
        id=entry["id"],
        aliases=tuple(entry.get("aliases", ())),
        licenses=tuple(entry["licenses"]),
        generated_with=tuple(entry.get("generated_with", ())),
        source=entry["source"],
        other_sources=tuple(StatedLicense(tuple(s["licenses"]), s["source"]) for s in entry.get("other_sources", ())),
    )
