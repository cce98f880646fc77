"""Base-model hints from config.json and adapter_config.json."""

from __future__ import annotations

from typing import Literal

from licheck.metadata import BaseReference, InputProblem, Location
from licheck.untrusted_json import UntrustedJsonError, loads
from licheck.vocabulary import Relation


def _line_of(text: str, key: str) -> int | None:
    position = text.find(f'"{key}"')
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def read_config(
    text: str, path: str, kind: Literal["adapter_config", "config"]
) -> tuple[list[BaseReference], list[InputProblem]]:
    """kind: adapter_config (base_model_name_or_path) or config (_name_or_path)."""
    try:
        document = loads(text)
    except UntrustedJsonError as exc:
        return [], [
            InputProblem(
                f"{kind}.json is not valid JSON ({exc.reason})",
                Location(path, exc.line),
                "Fix the JSON; tools that load this model will fail on it too.",
            )
        ]
    if not isinstance(document, dict):
        return [], [
            InputProblem(f"{kind}.json is not a JSON object", Location(path, 1), "Write the config as a JSON object.")
        ]
    key = "base_model_name_or_path" if kind == "adapter_config" else "_name_or_path"
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        return [], []
    relation = Relation.ADAPTER if kind == "adapter_config" else None
    return [BaseReference(value.strip(), relation, kind, Location(path, _line_of(text, key)))], []
