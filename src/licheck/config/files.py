"""Finding and reading the configuration file, keeping the line of every value for error messages.

Looked for from the working directory upwards, stopping at the repository root (the folder holding
`.git`): `.licheck.yaml`, `.licheck.yml`, then `pyproject.toml` when it has a `[tool.licheck]` table.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from licheck.metadata import Location

CONFIG_NAMES = (".licheck.yaml", ".licheck.yml", "pyproject.toml")
CONFIG_LIMIT = 1024 * 1024
_TOOL_TABLE = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*licheck\b", re.MULTILINE)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()


KeyPath = tuple[str | int, ...]  # where a value sits: keys and list indices from the top


class ConfigError(Exception):
    """The configuration cannot be used; `problems` holds every reason as 'file:line: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class RawConfig:
    path: Path
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)  # key path -> 1-based line

    def location(self, keys: KeyPath = ()) -> Location:
        """Where the value at `keys` is written, or the nearest enclosing value that has a line."""
        for end in range(len(keys), -1, -1):
            line = self.lines.get(tuple(keys[:end]))
            if line:
                return Location(str(self.path), line)
        return Location(str(self.path))

    def where(self, keys: KeyPath = ()) -> str:
        return str(self.location(keys))


def discover(start: Path) -> Path | None:
    """The configuration file for a run started in `start`, as a path relative to it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _mentions_licheck(candidate)):
                return Path(os.path.relpath(candidate, start))
        if (folder / ".git").exists():
            return None
    return None


def _mentions_licheck(pyproject: Path) -> bool:
    try:
        return bool(_TOOL_TABLE.search(pyproject.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def read(path: Path) -> RawConfig:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(CONFIG_LIMIT + 1)
    except OSError as exc:
        raise ConfigError([f"{path}: cannot be read: {exc.strerror or exc}"]) from exc
    if len(raw) > CONFIG_LIMIT:
        raise ConfigError([f"{path}: larger than {CONFIG_LIMIT // 1024} KiB; is this really a configuration file?"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError([f"{path}:{line}: not valid UTF-8; save the file as UTF-8"]) from exc
    text = text.replace("\r\n", "\n")
    return _read_toml(path, text) if path.name.endswith(".toml") else _read_yaml(path, text)


# --- YAML ---------------------------------------------------------------------------------------


def _read_yaml(path: Path, text: str) -> RawConfig:
    try:
        root = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([f"{where}: not valid YAML: {reason}"]) from exc
    if root is None:
        return RawConfig(path, {})
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError([f"{path}:{root.start_mark.line + 1}: the configuration must be a mapping of keys to values"])
    lines: dict[KeyPath, int] = {}
    return RawConfig(path, _node_value(root, (), lines), lines)


def _node_value(node: yaml.Node, keys: KeyPath, lines: dict[KeyPath, int]) -> Any:
    lines[keys] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALARS.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            path = (*keys, str(key))
            result[str(key)] = _node_value(value_node, path, lines)
            lines[path] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(item, (*keys, i), lines) for i, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)  # scalars only: aliases of large structures are never expanded


# --- TOML ---------------------------------------------------------------------------------------


def _read_toml(path: Path, text: str) -> RawConfig:
    # Imported here: tomllib costs ~13 ms at start-up, and most runs read no pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found]  # installed on Python 3.10 only
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{match.group(1)}" if match else str(path)
        raise ConfigError([f"{where}: not valid TOML: {str(exc).split(' (at')[0]}"]) from exc
    table = document.get("tool", {}).get("licheck", {})
    if not isinstance(table, dict):
        raise ConfigError([f"{path}: tool.licheck must be a table"])
    return RawConfig(path, table, _toml_lines(text))


def _toml_lines(text: str) -> dict[KeyPath, int]:
    """Lines of [tool.licheck] keys and of each [[tool.licheck.exceptions]] entry's keys.

    tomllib keeps no positions; TOML's table syntax is regular enough to find them by scanning.
    """
    lines: dict[KeyPath, int] = {}
    table: KeyPath | None = None
    exception_index = -1
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        header = re.match(r"^\[(\[?)\s*([^\]]+?)\s*\]\]?", stripped)
        if header:
            name = re.sub(r"\s+", "", header.group(2))
            if name == "tool.licheck":
                table = ()
            elif name == "tool.licheck.exceptions" and header.group(1):
                exception_index += 1
                table = ("exceptions", exception_index)
            else:
                table = None
            if table is not None:
                lines.setdefault(table, number)
            continue
        key = re.match(r"^([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=", stripped)
        if key and table is not None:
            lines.setdefault((*table, key.group(1).strip('"')), number)
    return lines


def plain(value: Any) -> Any:
    """The value with dates as ISO strings, so that one JSON schema validates YAML and TOML alike."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
