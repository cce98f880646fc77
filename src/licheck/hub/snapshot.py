"""What licheck reads of one Hub repository at one commit: its metadata and its small text files.

Files read: the model card, config.json, adapter_config.json, mergekit_config.yml and license-like
files (LICENSE, NOTICE, USE_POLICY…) at the top of the repo. Never weights, never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError, shown_repo
from licheck.sources.folder import license_role

CONFIG_FILES = ("README.md", "config.json", "adapter_config.json", "mergekit_config.yml")


@dataclass(frozen=True)
class RepoSnapshot:
    repo_id: str
    sha: str
    card_data: dict = field(default_factory=dict)  # the Hub's parsed front matter: public even when gated
    tags: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    gated: str | None = None  # None, "auto" or "manual"
    siblings: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # file name -> text
    unread: tuple[tuple[str, str], ...] = ()  # (file name, why it could not be read)
    from_cache: bool = False
    repo_type: str = "model"  # model | dataset

    def to_json(self) -> dict:
        return {"repo_id": self.repo_id, "repo_type": self.repo_type, "sha": self.sha, "card_data": self.card_data,
                "tags": list(self.tags), "pipeline_tag": self.pipeline_tag, "gated": self.gated,
                "siblings": list(self.siblings), "files": self.files}

    @classmethod
    def from_json(cls, data: dict) -> "RepoSnapshot":
        return cls(data["repo_id"], data["sha"], data.get("card_data") or {}, tuple(data.get("tags", ())),
                   data.get("pipeline_tag"), data.get("gated"), tuple(data.get("siblings", ())),
                   dict(data.get("files", {})), (), True, data.get("repo_type", "model"))


def wanted_files(siblings: tuple[str, ...]) -> list[str]:
    """The top-level files licheck reads, in a stable order."""
    top = [s for s in siblings if "/" not in s]
    return [s for s in top if s in CONFIG_FILES] + sorted(
        s for s in top if s not in CONFIG_FILES and license_role(s))


def fetch_snapshot(client: HubClient | None, cache: HubCache, repo_id: str, revision: str | None,
                   repo_type: str = "model") -> RepoSnapshot:
    """The repo at `revision`; with no client (offline), only from the cache. Raises HubError."""
    if client is None:
        cached = cache.lookup(repo_id, revision, repo_type)
        if cached is None:
            raise HubError("not-cached", f"{shown_repo(repo_id, repo_type, revision)}: not in licheck's cache "
                                         "(offline); run once without --offline")
        return RepoSnapshot.from_json(cached)
    info = client.repo_info(repo_id, revision, repo_type)
    sha = getattr(info, "sha", None)
    if not sha:
        raise HubError("invalid-response", f"{shown_repo(repo_id, repo_type)}: the Hub's answer names no commit sha")
    gated = info.gated if info.gated in ("auto", "manual") else None
    cached = cache.get(repo_id, sha, repo_type)
    if cached is not None and (gated is None or client.has_access(repo_id, repo_type)):
        cache.put(repo_id, revision, cached, repo_type)  # the revision now points at this sha
        return RepoSnapshot.from_json(cached)
    siblings = tuple(s.rfilename for s in (info.siblings or ()))
    files: dict[str, str] = {}
    unread: list[tuple[str, str]] = []
    for name in wanted_files(siblings):
        if unread and unread[-1][1].startswith("gated"):
            unread.append((name, unread[-1][1]))  # one refusal covers every file of a gated repo
            continue
        try:
            files[name] = client.text_file(repo_id, sha, name, repo_type)
        except HubError as exc:
            unread.append((name, "gated: no access" if exc.kind == "gated" else str(exc)))
    card = info.card_data.to_dict() if info.card_data is not None else {}
    snapshot = RepoSnapshot(repo_id, sha, card, tuple(info.tags or ()), getattr(info, "pipeline_tag", None), gated,
                            siblings, files, tuple(unread), repo_type=repo_type)
    if not unread:
        cache.put(repo_id, revision, snapshot.to_json(), repo_type)
    return snapshot


def split_target(target: str) -> tuple[str, str | None]:
    """'org/name@rev' -> ('org/name', 'rev'); a revision may itself hold '/' (refs/pr/1)."""
    repo, sep, revision = target.partition("@")
    return repo.strip().strip("/"), (revision.strip() or None) if sep else None
