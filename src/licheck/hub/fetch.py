"""What licheck fetches of one Hub repository at one commit: its metadata and its small text files.

Files fetched: the model card, config.json, adapter_config.json, mergekit_config.yml and license-like
files (LICENSE, NOTICE, USE_POLICY…) at the top of the repo. Never weights, never code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError, HubErrorKind
from licheck.repository.roles import METADATA_FILES, license_role
from licheck.repository.snapshot import RepoSnapshot, RepoType, UnreadFile, shown_repo


def snapshot_to_json(snapshot: RepoSnapshot) -> dict[str, Any]:
    return {
        "repo_id": snapshot.repo_id,
        "repo_type": snapshot.repo_type,
        "sha": snapshot.sha,
        "card_data": dict(snapshot.card_data),
        "tags": list(snapshot.tags),
        "pipeline_tag": snapshot.pipeline_tag,
        "gated": snapshot.gated,
        "siblings": list(snapshot.siblings),
        "files": dict(snapshot.files),
    }


def snapshot_from_json(data: Mapping[str, Any]) -> RepoSnapshot:
    return RepoSnapshot(
        data["repo_id"],
        data["sha"],
        data.get("card_data") or {},
        tuple(data.get("tags", ())),
        data.get("pipeline_tag"),
        data.get("gated"),
        tuple(data.get("siblings", ())),
        dict(data.get("files", {})),
        (),
        True,
        data.get("repo_type", "model"),
    )


def wanted_files(siblings: tuple[str, ...]) -> list[str]:
    """The top-level files licheck reads, in a stable order."""
    top = [s for s in siblings if "/" not in s]
    return [s for s in top if s in METADATA_FILES] + sorted(
        s for s in top if s not in METADATA_FILES and license_role(s)
    )


def fetch_snapshot(
    client: HubClient | None, cache: HubCache, repo_id: str, revision: str | None, repo_type: RepoType = "model"
) -> RepoSnapshot:
    """The repo at `revision`; with no client (offline), only from the cache. Raises HubError."""
    if client is None:
        cached = cache.lookup(repo_id, revision, repo_type)
        if cached is None:
            raise HubError(
                HubErrorKind.NOT_CACHED,
                f"{shown_repo(repo_id, repo_type, revision)}: not in licheck's cache "
                "(offline); run once without --offline",
            )
        return snapshot_from_json(cached)
    info = client.repo_info(repo_id, revision, repo_type)
    sha = getattr(info, "sha", None)
    if not sha:
        raise HubError(
            HubErrorKind.INVALID_RESPONSE, f"{shown_repo(repo_id, repo_type)}: the Hub's answer names no commit sha"
        )
    gated = info.gated if info.gated in ("auto", "manual") else None
    cached = cache.get(repo_id, sha, repo_type)
    if cached is not None and (gated is None or client.has_access(repo_id, repo_type)):
        cache.put(repo_id, revision, cached, repo_type)  # the revision now points at this sha
        return snapshot_from_json(cached)
    siblings = tuple(s.rfilename for s in (info.siblings or ()))
    files: dict[str, str] = {}
    unread: list[UnreadFile] = []
    for name in wanted_files(siblings):
        if unread and unread[-1].gated:
            unread.append(UnreadFile(name, unread[-1].reason, gated=True))  # one refusal covers every file
            continue
        try:
            files[name] = client.text_file(repo_id, sha, name, repo_type)
        except HubError as exc:
            gated_refusal = exc.kind is HubErrorKind.GATED
            unread.append(UnreadFile(name, "gated: no access" if gated_refusal else str(exc), gated_refusal))
    card = info.card_data.to_dict() if info.card_data is not None else {}  # type: ignore[no-untyped-call]  # untyped upstream
    snapshot = RepoSnapshot(
        repo_id,
        sha,
        card,
        tuple(info.tags or ()),
        getattr(info, "pipeline_tag", None),
        gated,
        siblings,
        files,
        tuple(unread),
        repo_type=repo_type,
    )
    if not unread:
        cache.put(repo_id, revision, snapshot_to_json(snapshot), repo_type)
    return snapshot


def split_target(target: str) -> tuple[str, str | None]:
    """'org/name@rev' -> ('org/name', 'rev'); a revision may itself hold '/' (refs/pr/1)."""
    repo, sep, revision = target.partition("@")
    return repo.strip().strip("/"), (revision.strip() or None) if sep else None
