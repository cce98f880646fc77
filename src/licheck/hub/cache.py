"""licheck's own cache of Hub metadata, one JSON file per repository commit.

A snapshot is stored under its commit sha, and a small index maps the revisions asked for (main, a
tag) to the sha seen last. Online, the cache is consulted only after the Hub has answered for the
repo, so a repo that became gated or was deleted is never served from it; offline, it is all there
is. Only complete snapshots are stored. The token is never written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from licheck.cache import read_json, write_json

FORMAT = 1


class HubCache:
    def __init__(self, directory: Path, endpoint: str):
        # One tree per endpoint: a mirror's repo of the same name is another repo.
        self.root = directory / "hub" / quote(endpoint, safe="")

    def _repo_dir(self, repo_id: str, repo_type: str) -> Path:
        return self.root / f"{repo_type}s" / quote(repo_id, safe="")

    def get(self, repo_id: str, sha: str, repo_type: str = "model") -> dict[str, Any] | None:
        data = read_json(self._repo_dir(repo_id, repo_type) / f"{sha}.json")
        return data if data and data.get("format") == FORMAT and data.get("sha") == sha else None

    def lookup(self, repo_id: str, revision: str | None, repo_type: str = "model") -> dict[str, Any] | None:
        """The snapshot last seen for a revision (a sha is its own revision)."""
        refs = read_json(self._repo_dir(repo_id, repo_type) / "refs.json") or {}
        sha = refs.get(revision or "main", revision)
        return self.get(repo_id, sha, repo_type) if isinstance(sha, str) else None

    def put(self, repo_id: str, revision: str | None, snapshot: Mapping[str, Any], repo_type: str = "model") -> None:
        folder = self._repo_dir(repo_id, repo_type)
        write_json(folder / f"{snapshot['sha']}.json", {**snapshot, "format": FORMAT})
        refs = read_json(folder / "refs.json") or {}
        refs[revision or "main"] = snapshot["sha"]
        write_json(folder / "refs.json", refs)
