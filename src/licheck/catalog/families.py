"""Hub license ids that name no single license (rules/families.yaml): families and placeholders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LicenseFamily:
    """A Hub license id naming a family of licenses or none (a placeholder), and what to declare instead."""

    id: str
    kind: str  # family | placeholder
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]
    guidance: str


def family_from_data(entry: Mapping[str, Any]) -> LicenseFamily:
    return LicenseFamily(
        entry["id"],
        entry["kind"],
        entry["name"],
        tuple(entry.get("aliases", ())),
        tuple(entry.get("members", ())),
        entry["guidance"],
    )
