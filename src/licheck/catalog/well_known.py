"""The bundled table of well-known models (rules/well-known-models.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class WellKnownModel:
    id: str
    aliases: tuple[str, ...]
    licenses: tuple[str, ...]
    base: tuple[str, ...]
    relation: str | None
    multimodal: bool
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
    )
