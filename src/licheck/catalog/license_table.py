"""The license rules by id, each built from its validated data when it is first looked up.

A run reads few of the ~130 rules (a one-folder scan: the card's license and its acceptable-use
policy), and building every License took ~2.5 ms of each run's start-up."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from licheck.catalog.license import License, license_from_data


class LicenseTable(Mapping[str, License]):
    def __init__(self, entries: Mapping[str, tuple[Mapping[str, Any], str]]):
        self._entries = entries  # license id -> (its validated data, its rule file)
        self._built: dict[str, License] = {}

    def __getitem__(self, license_id: str) -> License:
        found = self._built.get(license_id)
        if found is None:
            data, file = self._entries[license_id]
            found = self._built[license_id] = license_from_data(data, file)
        return found

    def get(self, license_id: str, default: Any = None) -> Any:  # without Mapping.get's KeyError for an unknown id
        return self[license_id] if license_id in self._entries else default

    def __contains__(self, license_id: object) -> bool:
        return license_id in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
