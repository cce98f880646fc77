"""licheck's cache directory and its JSON files: read as a miss when missing or damaged, written
atomically so that concurrent runs never read half a file."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from licheck.regular_files import read_regular
from licheck.untrusted_json import loads

CACHE_ENV = "LICHECK_CACHE_DIR"
CACHE_FILE_LIMIT = 64 * 1024 * 1024  # the rule set's validated form is ~2 MB, a Hub snapshot far less


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "licheck"


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = loads(read_regular(path, CACHE_FILE_LIMIT).decode("utf-8"))
    except (OSError, ValueError):  # UntrustedJsonError and UnicodeDecodeError are ValueErrors
        return None  # missing, damaged or hand-edited beyond reason: a cache miss
    return data if isinstance(data, dict) else None


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """A cache that cannot be written only costs the next run the work it saves."""
    import tempfile  # imported when writing: a run that finds its caches never pays for it (nor shutil, random)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        pass
