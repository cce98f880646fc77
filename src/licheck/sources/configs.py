"""Base-model hints from config.json and adapter_config.json."""

from __future__ import annotations

import json
import re

from licheck.metadata import BaseReference, InputProblem, Location

_LOCAL_PATH = re.compile(r"^(/|~|\.{1,2}/|[A-Za-z]:[\\/])|\\")


def is_local_path(model_id: str) -> bool:
    """A filesystem path left by a training run rather than a repository id."""
    return bool(_LOCAL_PATH.search(model_id)) or model_id.count("/") > 1


def _line_of(text: str, key: str) -> int | None:
    position = text.find(f'"{key}"')
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def read_config(text: str, path: str, kind: str) -> tuple[list[BaseReference], list[InputProblem]]:
    """kind: adapter_config (base_model_name_or_path) or config (_name_or_path)."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        return [], [InputProblem(f"{kind}.json is not valid JSON ({getattr(exc, 'msg', exc)})", Location(path, line),
                                 "Fix the JSON; tools that load this model will fail on it too.")]
    if not isinstance(document, dict):
        return [], [InputProblem(f"{kind}.json is not a JSON object", Location(path, 1), "Write the config as a JSON object.")]
    key = "base_model_name_or_path" if kind == "adapter_config" else "_name_or_path"
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        return [], []
    relation = "adapter" if kind == "adapter_config" else None
    return [BaseReference(value.strip(), relation, kind, Location(path, _line_of(text, key)))], []
