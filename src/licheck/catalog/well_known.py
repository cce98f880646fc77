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
class WellKnownDataset:
    id: str
    aliases: tuple[str, ...]
    licenses: tuple[str, ...]
    generated_with: tuple[str, ...]  # models whose outputs make up the dataset
    source: str


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
    )
