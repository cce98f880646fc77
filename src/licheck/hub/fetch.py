"""What licheck fetches of one Hub repository at one commit: its metadata and its small text files.

Files fetched: the model card, config.json, adapter_config.json, mergekit_config.yml and license-like
files (LICENSE, NOTICE, USE_POLICY…) at the top of the repo. Never weights, never code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError, HubErrorKind
from licheck.hub.names import is_repo_id, is_revision, is_sha
from licheck.repository.roles import METADATA_FILES, license_role
from licheck.repository.snapshot import RepoSnapshot, RepoType, UnreadFile, shown_repo

MAX_LICENSE_FILES = 16  # license-like files fetched per repository
MAX_CARD_DATA_DEPTH = 32
# Files fetched at once across the run's repositories: a card, a config and a LICENSE for each repository
# the session fetches at the same time (licheck.hub.session.WORKERS). Every request still counts
# against the run's request limit.
FILE_FETCHES = 24
_FILE_FETCHES = ThreadPoolExecutor(max_workers=FILE_FETCHES, thread_name_prefix="licheck-hub-files")


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
    """A cached snapshot; raises ValueError when an entry is not one licheck wrote (a damaged or
    hand-edited cache is a miss, never a crash and never trusted)."""
    repo_type = data.get("repo_type", "model")
    if not (is_repo_id(data.get("repo_id")) and is_sha(data.get("sha")) and repo_type in ("model", "dataset")):
        raise ValueError("not a snapshot: repo_id, sha or repo_type")
    gated = data.get("gated")
    pipeline_tag = data.get("pipeline_tag")
    files = data.get("files", {})
    if not (
        isinstance(data.get("card_data") or {}, dict)
        and _strings(data.get("tags", ()))
        and _strings(data.get("siblings", ()))
        and isinstance(files, dict)
        and _strings([*files, *files.values()])
        and gated in (None, "auto", "manual")
        and (pipeline_tag is None or isinstance(pipeline_tag, str))
    ):
        raise ValueError("not a snapshot: a value of the wrong type")
    return RepoSnapshot(
        data["repo_id"],
        data["sha"],
        data.get("card_data") or {},
        tuple(data.get("tags", ())),
        pipeline_tag,
        gated,
        tuple(data.get("siblings", ())),
        dict(files),
        (),
        True,
        repo_type,
    )


def _strings(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)


def wanted_files(siblings: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The top-level files licheck reads, in a stable order, and the license-like files beyond
    MAX_LICENSE_FILES that it does not fetch (20k such names would be 20k requests)."""
    top = [s for s in siblings if "/" not in s]
    licenses = sorted(s for s in top if s not in METADATA_FILES and license_role(s))
    return [s for s in top if s in METADATA_FILES] + licenses[:MAX_LICENSE_FILES], licenses[MAX_LICENSE_FILES:]


def _cached(cache: HubCache, data: dict[str, Any] | None) -> RepoSnapshot | None:
    try:
        return snapshot_from_json(data) if data is not None else None
    except ValueError:
        return None


def fetch_snapshot(
    client: HubClient | None, cache: HubCache, repo_id: str, revision: str | None, repo_type: RepoType = "model"
) -> RepoSnapshot:
    """The repo at `revision`; with no client (offline), only from the cache. Raises HubError."""
    shown = shown_repo(repo_id, repo_type, revision)
    if not is_repo_id(repo_id) or (revision is not None and not is_revision(revision)):
        raise HubError(HubErrorKind.INVALID_NAME, f"{shown}: not a Hub repository id (org/name[@revision])")
    if client is None:
        cached = _cached(cache, cache.lookup(repo_id, revision, repo_type))
        if cached is None:
            raise HubError(
                HubErrorKind.NOT_CACHED, f"{shown}: not in licheck's cache (offline); run once without --offline"
            )
        return cached
    answer = _checked_answer(client.repo_info(repo_id, revision, repo_type), shown)
    sha, gated, siblings = answer.sha, answer.gated, answer.siblings
    cached = _cached(cache, cache.get(repo_id, sha, repo_type))
    if cached is not None and (gated is None or client.has_access(repo_id, repo_type)):
        cache.put(repo_id, revision, snapshot_to_json(cached), repo_type)  # the revision now points at this sha
        return cached
    files: dict[str, str] = {}
    unread: list[UnreadFile] = []
    wanted, beyond = wanted_files(siblings)
    if beyond:
        reason = f"licheck fetches at most {MAX_LICENSE_FILES} license-like files; this and {len(beyond) - 1:,} more"
        unread.append(UnreadFile(beyond[0], reason, limit=True))
    for name, fetched in _fetch_files(client, repo_id, sha, wanted, repo_type, one_by_one=gated is not None):
        if isinstance(fetched, str):
            files[name] = fetched
        elif unread and unread[-1].gated:
            unread.append(UnreadFile(name, unread[-1].reason, gated=True))  # one refusal covers every file
        else:
            gated_refusal = fetched.kind is HubErrorKind.GATED
            unread.append(UnreadFile(name, "gated: no access" if gated_refusal else str(fetched), gated_refusal))
    snapshot = RepoSnapshot(
        repo_id,
        sha,
        answer.card_data,
        answer.tags,
        answer.pipeline_tag,
        gated,
        siblings,
        files,
        tuple(unread),
        repo_type=repo_type,
    )
    if not any(not u.limit for u in unread):
        cache.put(repo_id, revision, snapshot_to_json(snapshot), repo_type)
    return snapshot


def _fetch_files(
    client: HubClient, repo_id: str, sha: str, names: list[str], repo_type: RepoType, one_by_one: bool
) -> Iterator[tuple[str, str | HubError]]:
    """Each file's text or the error fetching it, in the order of `names`. A public repository's files are
    fetched at once (one round trip instead of one per file); a gated one's one by one, since the first
    refusal answers for every file and the others are then not requested."""

    def fetch(name: str) -> str | HubError:
        try:
            return client.text_file(repo_id, sha, name, repo_type)
        except HubError as exc:
            return exc

    if one_by_one or len(names) < 2:
        refusal: HubError | None = None
        for name in names:
            fetched = refusal or fetch(name)
            if isinstance(fetched, HubError) and fetched.kind is HubErrorKind.GATED:
                refusal = fetched
            yield name, fetched
        return
    yield from zip(names, _FILE_FETCHES.map(fetch, names), strict=True)


@dataclass(frozen=True)
class _Answer:
    sha: str
    gated: str | None
    siblings: tuple[str, ...]
    card_data: dict[str, Any]
    tags: tuple[str, ...]
    pipeline_tag: str | None


def _checked_answer(info: Any, shown: str) -> _Answer:
    """The metadata answer, its shape checked: a hostile endpoint may send any JSON at all."""

    def wrong(what: str) -> HubError:
        return HubError(HubErrorKind.INVALID_RESPONSE, f"{shown}: the Hub's answer is not the JSON expected ({what})")

    sha = getattr(info, "sha", None)
    if not is_sha(sha):
        raise wrong("its commit sha is missing or not 40 hexadecimal digits")
    gated = getattr(info, "gated", None)
    siblings = getattr(info, "siblings", None) or ()
    names = tuple(getattr(s, "rfilename", None) for s in siblings) if isinstance(siblings, list) else None
    if names is None or not _strings(names):
        raise wrong("'siblings' is not a list of files")
    tags = getattr(info, "tags", None) or []
    if not _strings(tags):
        raise wrong("'tags' is not a list of strings")
    pipeline_tag = getattr(info, "pipeline_tag", None)
    if pipeline_tag is not None and not isinstance(pipeline_tag, str):
        raise wrong("'pipeline_tag' is not a string")
    card = getattr(info, "card_data", None)
    card_data = card.to_dict() if card is not None and hasattr(card, "to_dict") else card or {}
    if not isinstance(card_data, dict) or not _plain(card_data, MAX_CARD_DATA_DEPTH):
        raise wrong("'cardData' is not a mapping of plain values")
    files = tuple(str(name) for name in names)
    return _Answer(sha, gated if gated in ("auto", "manual") else None, files, card_data, tuple(tags), pipeline_tag)


def _plain(value: Any, depth: int) -> bool:
    """JSON-like values only, nested at most `depth` deep (the card reader serialises them again)."""
    if depth < 0:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth - 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, depth - 1) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def split_target(target: str) -> tuple[str, str | None]:
    """'org/name@rev' -> ('org/name', 'rev'); a revision may itself hold '/' (refs/pr/1)."""
    repo, sep, revision = target.partition("@")
    return repo.strip().strip("/"), (revision.strip() or None) if sep else None
