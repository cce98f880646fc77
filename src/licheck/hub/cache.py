"""licheck's own cache of Hub metadata, one JSON file per repository commit.

A snapshot is stored under its commit sha, and a small index maps the revisions asked for (main, a
tag) to the sha seen last. Online, the cache is consulted only after the Hub has answered for the
repo, so a repo that became gated or was deleted is never served from it; offline, it is all there
is. Only complete snapshots are stored. The token is never written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from licheck.cache import read_json, write_json
from licheck.hub.names import is_repo_id, is_sha

FORMAT = 1


class HubCache:
    def __init__(self, directory: Path, endpoint: str):
        # One tree per endpoint: a mirror's repo of the same name is another repo.
        self.root = directory / "hub" / quote(endpoint, safe="")

    def _file(self, repo_id: str, repo_type: str, name: str) -> Path | None:
        """A cache file of the repo, or None when a name is not the Hub's or the path would leave the
        cache (ids and shas reach here from Hub answers and from the cache's own files)."""
        if not is_repo_id(repo_id) or repo_type not in ("model", "dataset"):
            return None
        path = self.root / f"{repo_type}s" / quote(repo_id, safe="") / name
        root = os.path.realpath(self.root)
        return path if os.path.realpath(path).startswith(root + os.sep) else None

    def get(self, repo_id: str, sha: str, repo_type: str = "model") -> dict[str, Any] | None:
        path = self._file(repo_id, repo_type, f"{sha}.json") if is_sha(sha) else None
        data = read_json(path) if path else None
        return data if data and data.get("format") == FORMAT and data.get("sha") == sha else None

    def lookup(self, repo_id: str, revision: str | None, repo_type: str = "model") -> dict[str, Any] | None:
        """The snapshot last seen for a revision (a sha is its own revision)."""
        path = self._file(repo_id, repo_type, "refs.json")
        refs = (read_json(path) if path else None) or {}
        sha = refs.get(revision or "main", revision)
        return self.get(repo_id, sha, repo_type) if is_sha(sha) else None

    def put(self, repo_id: str, revision: str | None, snapshot: Mapping[str, Any], repo_type: str = "model") -> None:
        sha = snapshot["sha"]
        path = self._file(repo_id, repo_type, f"{sha}.json") if is_sha(sha) else None
        refs_path = self._file(repo_id, repo_type, "refs.json")
        if path is None or refs_path is None:
            return  # never written outside the cache; the fetch already refused such names
        write_json(path, {**snapshot, "format": FORMAT})
        refs = read_json(refs_path) or {}
        refs[revision or "main"] = sha
        write_json(refs_path, refs)
