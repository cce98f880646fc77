"""Finding and reading the configuration file, keeping the line of every value for error messages.

Looked for from each model's folder upwards (as ruff looks from each file), stopping at the repository
root (the folder holding `.git`): `.licheck.yaml`, `.licheck.yml`, then `pyproject.toml` when it has a
`[tool.licheck]` table. So scanning another checkout from outside it applies that checkout's file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from licheck.metadata import Location
from licheck.regular_files import read_regular
from licheck.untrusted_yaml import MAX_DEPTH, Converter, KeyPath, UntrustedYamlError, compose

CONFIG_NAMES = (".licheck.yaml", ".licheck.yml", "pyproject.toml")
CONFIG_LIMIT = 1024 * 1024
_TOOL_TABLE = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*licheck\b", re.MULTILINE)


class ConfigError(Exception):
    """The configuration cannot be used; `problems` holds every reason as 'file:line: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[list[str]]]:
        return ConfigError, (self.problems,)  # raised in a worker (--jobs), it reaches the run whole


@dataclass(frozen=True)
class RawConfig:
    """A configuration file as read, not yet validated, with the line of each value."""

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


def discover(start: Path, seen: dict[str, str | None] | None = None) -> Path | None:
    """The configuration file nearest to the folder `start`, as a path relative to the working directory
    (messages name it as the user would). `seen` remembers each folder's answer for the caller: the model
    folders of a tree share their parents, so each parent is then looked into once."""
    found = _nearest(os.path.realpath(start), {} if seen is None else seen)
    return Path(os.path.relpath(found)) if found else None


def _nearest(folder: str, seen: dict[str, str | None]) -> str | None:
    # Plain strings, not Paths: asked for every model folder of a tree, so its cost is per model.
    if folder not in seen:
        seen[folder] = next(
            (
                candidate
                for name in CONFIG_NAMES
                if _is_file(candidate := os.path.join(folder, name))
                and (name != "pyproject.toml" or _mentions_licheck(candidate))
            ),
            None,
        )
        parent = os.path.dirname(folder)
        if seen[folder] is None and not _exists(os.path.join(folder, ".git")) and parent != folder:
            seen[folder] = _nearest(parent, seen)
    return seen[folder]


def _is_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # missing, a folder without its execute bit, a NUL in a name: no configuration
        return False


def _exists(path: str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _mentions_licheck(pyproject: str) -> bool:
    try:
        return bool(_TOOL_TABLE.search(read_regular(pyproject, CONFIG_LIMIT).decode("utf-8", errors="replace")))
    except OSError:
        return False


def read(path: Path) -> RawConfig:
    """The configuration file, read as untrusted input: it may come with the checkout being scanned."""
    try:
        raw = read_regular(path, CONFIG_LIMIT)
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
        root = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([f"{where}: not valid YAML: {reason}"]) from exc
    if root is None:
        return RawConfig(path, {})
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError([f"{path}:{root.start_mark.line + 1}: the configuration must be a mapping of keys to values"])
    converter = Converter()
    try:
        data = converter.value(root)
    except UntrustedYamlError as exc:
        raise ConfigError([f"{path}:{exc.line + 1}: {exc.reason}"]) from None
    return RawConfig(path, data, converter.lines)


# --- TOML ---------------------------------------------------------------------------------------


def _read_toml(path: Path, text: str) -> RawConfig:
    # Imported here: tomllib costs ~13 ms at start-up, and most runs read no pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found]  # installed on Python 3.10 only
    too_deep = _toml_nesting_line(text)
    if too_deep:
        raise ConfigError([f"{path}:{too_deep}: nested more than {MAX_DEPTH} levels deep"])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{match.group(1)}" if match else str(path)
        raise ConfigError([f"{where}: not valid TOML: {str(exc).split(' (at')[0]}"]) from exc
    except RecursionError:  # nesting the bracket count cannot see; never the end of the run
        raise ConfigError([f"{path}: nested too deep to read"]) from None
    tool = document.get("tool", {})
    table = tool.get("licheck", {}) if isinstance(tool, dict) else None
    lines = _toml_lines(text)
    if not isinstance(table, dict):
        raise ConfigError([f"{path}:{lines.get((), 1)}: tool.licheck must be a table"])
    if _deeper_than(table, MAX_DEPTH):  # dotted keys nest without brackets
        raise ConfigError([f"{path}: [tool.licheck] is nested more than {MAX_DEPTH} levels deep"])
    return RawConfig(path, table, lines)


_TOML_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}=\n]')


def _toml_nesting_line(text: str) -> int | None:
    """The line where arrays and inline tables first nest deeper than MAX_DEPTH (tomllib recurses on them)."""
    depth, line, value = 0, 1, False
    for match in _TOML_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            value = value and depth > 0  # a value ends with its line unless a bracket is still open
        elif token == "=":
            value = True
        elif token in "[{" and value:  # brackets in a value: [table] headers are not nesting
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif token in "]}" and value:
            depth = max(depth - 1, 0)
        else:
            line += token.count("\n")
    return None


def _deeper_than(value: Any, limit: int) -> bool:
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            pending += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            pending += [(v, depth + 1) for v in item]
    return False


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
