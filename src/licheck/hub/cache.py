"""licheck's own cache of Hub metadata, one JSON file per repository commit.

A snapshot is stored under its commit sha, and a small index maps the revisions asked for (main, a
tag) to the sha seen last. Online, the cache is consulted only after the Hub has answered for the
repo, so a repo that became gated or was deleted is never served from it; offline, it is all there
is. Only complete snapshots are stored. The token is never written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

CACHE_ENV = "LICHECK_CACHE_DIR"
FORMAT = 1


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "licheck"


class HubCache:
    def __init__(self, directory: Path, endpoint: str):
        # One tree per endpoint: a mirror's repo of the same name is another repo.
        self.root = directory / "hub" / quote(endpoint, safe="")

    def _repo_dir(self, repo_id: str, repo_type: str) -> Path:
        return self.root / f"{repo_type}s" / quote(repo_id, safe="")

    def get(self, repo_id: str, sha: str, repo_type: str = "model") -> dict | None:
        data = _read(self._repo_dir(repo_id, repo_type) / f"{sha}.json")
        return data if data and data.get("format") == FORMAT and data.get("sha") == sha else None

    def lookup(self, repo_id: str, revision: str | None, repo_type: str = "model") -> dict | None:
        """The snapshot last seen for a revision (a sha is its own revision)."""
        refs = _read(self._repo_dir(repo_id, repo_type) / "refs.json") or {}
        sha = refs.get(revision or "main", revision)
        return self.get(repo_id, sha, repo_type) if isinstance(sha, str) else None

    def put(self, repo_id: str, revision: str | None, snapshot: dict, repo_type: str = "model") -> None:
        folder = self._repo_dir(repo_id, repo_type)
        _write(folder / f"{snapshot['sha']}.json", {**snapshot, "format": FORMAT})
        refs = _read(folder / "refs.json") or {}
        refs[revision or "main"] = snapshot["sha"]
        _write(folder / "refs.json", refs)


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or damaged: a cache miss
    return data if isinstance(data, dict) else None


def _write(path: Path, data: dict) -> None:
    """Atomic replace, so that concurrent runs never read half a file; a cache that cannot be
    written only costs the next run its requests."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(f.name, path)
    except OSError:
        pass
