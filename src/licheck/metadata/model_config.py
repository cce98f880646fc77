"""Base-model hints from config.json and adapter_config.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from licheck.metadata import BaseReference, InputProblem, Location
from licheck.metadata.architecture import Architecture, from_config
from licheck.untrusted_json import UntrustedJsonError, loads
from licheck.vocabulary import Relation


def _line_of(text: str, key: str) -> int | None:
    position = text.find(f'"{key}"')
    return text.count("\n", 0, position) + 1 if position >= 0 else None


@dataclass(frozen=True)
class ConfigRead:
    """The bases a config.json or adapter_config.json names, and what went wrong reading it."""

    bases: list[BaseReference]
    problems: list[InputProblem]
    architecture: Architecture | None = None


def read_config(text: str, path: str, kind: Literal["adapter_config", "config"]) -> ConfigRead:
    """kind: adapter_config (base_model_name_or_path) or config (_name_or_path, and the model's shape)."""
    try:
        document = loads(text)
    except UntrustedJsonError as exc:
        problem = InputProblem(
            f"{kind}.json is not valid JSON ({exc.reason})",
            Location(path, exc.line),
            "Fix the JSON; tools that load this model will fail on it too.",
        )
        return ConfigRead([], [problem])
    if not isinstance(document, dict):
        problem = InputProblem(
            f"{kind}.json is not a JSON object", Location(path, 1), "Write the config as a JSON object."
        )
        return ConfigRead([], [problem])
    architecture = from_config(document, Location(path, 1)) if kind == "config" else None
    key = "base_model_name_or_path" if kind == "adapter_config" else "_name_or_path"
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        return ConfigRead([], [], architecture)
    relation = Relation.ADAPTER if kind == "adapter_config" else None
    return ConfigRead(
        [BaseReference(value.strip(), relation, kind, Location(path, _line_of(text, key)))], [], architecture
    )
