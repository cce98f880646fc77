"""The tables that let licheck infer an undeclared base model: architecture fingerprints of well-known
bases (rules/architectures.yaml) and name tokens of their families (rules/model-names.yaml)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from licheck.metadata.architecture import Value, shape


@dataclass(frozen=True)
class ArchitectureFingerprint:
    """A well-known base model's shape, read from a stored copy of its config.json."""

    id: str
    family: str
    shape: tuple[tuple[str, Value], ...]  # the config's shape keys, flattened as licheck.metadata reads them
    licenses: tuple[str, ...]  # where the table can cite them
    shares_shape_with: tuple[str, ...] = ()  # bases whose shape is the same: all are candidates
    also: tuple[str, ...] = ()  # other repositories with this exact shape (instruct variants)
    gguf_architecture: str | None = None
    tokenizer_pre: str | None = None
    shape_of: str | None = None  # a derivative listed for its own license: it has this base's shape

    @cached_property
    def as_dict(self) -> dict[str, Value]:
        return dict(self.shape)


@dataclass(frozen=True)
class NamePattern:
    """Name tokens of a family (a regular expression matched case-insensitively), and the well-known base
    whose license the family carries."""

    source: str
    family: str
    base: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        # Compiled on first use: a model that declares its base is never matched by name, and compiling
        # every case-insensitive pattern took ~5 ms of each one-folder run. The loader checks that each compiles.
        return re.compile(self.source, re.IGNORECASE)


def fingerprint_from_data(entry: Mapping[str, Any]) -> ArchitectureFingerprint:
    gguf = entry.get("gguf") or {}
    return ArchitectureFingerprint(
        id=entry["id"],
        family=entry["family"],
        shape=tuple(sorted(shape(entry.get("config") or {}).items())),
        licenses=tuple(entry.get("licenses", ())),
        shares_shape_with=tuple(entry.get("shares_shape_with", ())),
        also=tuple(entry.get("also", ())),
        gguf_architecture=gguf.get("architecture"),
        tokenizer_pre=gguf.get("tokenizer_pre"),
        shape_of=entry.get("shape_of"),
    )


def name_pattern_from_data(entry: Mapping[str, Any]) -> NamePattern:
    return NamePattern(entry["pattern"], entry["family"], entry["base"])
