"""Requests to the Hub, through huggingface_hub's own session, bounded in bytes and time, with a
CLI's timeouts and retries.

Repository metadata is the request `HfApi.model_info` (or `dataset_info`) makes — the same route,
`expand` fields and headers — but streamed here so that its body is bounded, then parsed with the
guarded JSON reader into huggingface_hub's ModelInfo; `model_info` reads any body whole, however
large or compressed. Text files are fetched with huggingface_hub's URL builder, headers and error
mapping, one GET each: `hf_hub_download` retries a dead server for ~23 s and silently returns a
cached copy of a file whose repo is now gated. Weight files are never requested. Every request ends
within `timeout` seconds, redirects and trickled bytes included (licheck.hub.deadline), and reads at
most its body limit once decompressed (licheck.hub.response_body).

Every problem becomes a HubError with one clear sentence; the token never appears in one.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

# Read by huggingface_hub at import: no telemetry request, no progress bars in a CLI's output.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from huggingface_hub import DatasetInfo, ModelInfo, get_session, hf_hub_url, hf_raise_for_status
from huggingface_hub.errors import (
    DisabledRepoError,
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

from licheck import __version__
from licheck.hub import deadline
from licheck.hub.response_body import ACCEPT_ENCODING, UnreadableBody, read_body
from licheck.repository.snapshot import shown_repo
from licheck.untrusted_json import loads
from licheck.vocabulary import Term

if TYPE_CHECKING:
    from huggingface_hub.hf_api import ExpandDatasetProperty_T, ExpandModelProperty_T

T = TypeVar("T")
DEFAULT_ENDPOINT = "https://huggingface.co"
MODEL_EXPAND: list[ExpandModelProperty_T] = [
    "cardData",
    "tags",
    "gated",
    "private",
    "sha",
    "siblings",
    "pipeline_tag",
    "library_name",
    "config",
]
DATASET_EXPAND: list[ExpandDatasetProperty_T] = ["cardData", "tags", "gated", "private", "sha", "siblings"]
TEXT_FILE_LIMIT = 2 * 1024 * 1024
# A metadata answer lists every file of the repo: 8 MiB is some 100,000 files with a large card.
METADATA_LIMIT = 8 * 1024 * 1024
ERROR_BODY_LIMIT = 64 * 1024  # an error answer is read for its message only
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ATTEMPTS = 3
MAX_RETRY_AFTER = 10.0
_NETWORK_HINT = "--offline uses licheck's cache of earlier runs, --endpoint a mirror, --timeout waits longer"


class HubErrorKind(Term):
    """Why a request failed (or, offline, why the cache could not answer)."""

    NOT_FOUND = "not-found"
    REVISION_NOT_FOUND = "revision-not-found"
    GATED = "gated"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate-limited"
    SERVER_ERROR = "server-error"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    INVALID_RESPONSE = "invalid-response"
    ENTRY_NOT_FOUND = "entry-not-found"
    DISABLED = "disabled"
    NOT_CACHED = "not-cached"
    INVALID_NAME = "invalid-name"
    LIMIT_REACHED = "limit-reached"


class HubError(Exception):
    """A request that failed, with one clear sentence saying why; never the token."""

    def __init__(self, kind: HubErrorKind, message: str):
        self.kind = kind
        super().__init__(message)


def endpoint_from(option: str | None) -> str:
    """--endpoint, else HF_ENDPOINT read now (not when huggingface_hub was imported), else the Hub."""
    return (option or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def _transport_error(name: str = "TransportError") -> type[Exception]:
    """An error class of the transport library (httpx2 or httpx, whichever huggingface_hub's session uses)."""
    error: type[Exception] = getattr(importlib.import_module(type(get_session()).__module__.split(".")[0]), name)
    return error


@dataclass
class HubClient:
    endpoint: str
    token: str | None = None  # None: what huggingface_hub finds (HF_TOKEN, the stored token)
    timeout: float = 10.0
    # How retries wait (seconds); tests pass a fake that records the waits instead of sleeping.
    sleep: Callable[[float], None] = time.sleep
    # Called with what is about to be requested, before every attempt; raises HubError to refuse it
    # (the run's session counts requests against the run's limit).
    before_request: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self._headers = build_hf_headers(token=self.token, library_name="licheck", library_version=__version__)
        self._transport = _transport_error()
        self._redirects = _transport_error("TooManyRedirects")

    def repo_info(self, repo_id: str, revision: str | None, repo_type: str = "model") -> ModelInfo | DatasetInfo:
        """A model's or a dataset's metadata (never answered from a cache, so a repo that has become
        gated or been deleted is seen as such)."""
        url = f"{self.endpoint}/api/{repo_type}s/{repo_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"

        def fetch() -> ModelInfo | DatasetInfo:
            response = self._get(url, METADATA_LIMIT, params={"expand": _expand(repo_type)})
            hf_raise_for_status(response)
            return parse_info(response.content, repo_type)

        return self._call(shown_repo(repo_id, repo_type, revision), fetch)

    def has_access(self, repo_id: str, repo_type: str = "model") -> bool:
        """For a gated repo: may this token read its files (one request, never answered from a cache)?"""
        url = f"{self.endpoint}/api/{repo_type}s/{repo_id}/auth-check"
        try:
            self._call(
                shown_repo(repo_id, repo_type),
                lambda: hf_raise_for_status(self._get(url, ERROR_BODY_LIMIT, truncate=True)),
            )
            return True
        except HubError as exc:
            if exc.kind in (
                HubErrorKind.GATED,
                HubErrorKind.NOT_FOUND,
                HubErrorKind.UNAUTHORIZED,
                HubErrorKind.FORBIDDEN,
            ):
                return False
            raise

    def text_file(self, repo_id: str, sha: str, filename: str, repo_type: str = "model") -> str:
        """A text file of the repo at a commit, at most TEXT_FILE_LIMIT bytes of it."""
        url = hf_hub_url(repo_id, filename, revision=sha, endpoint=self.endpoint, repo_type=repo_type)

        def fetch() -> str:
            response = self._get(url, TEXT_FILE_LIMIT, truncate=True)
            hf_raise_for_status(response)
            body: bytes = response.content
            return body.decode("utf-8-sig", errors="replace")

        return self._call(f"{shown_repo(repo_id, repo_type)}/{filename}", fetch)

    def _get(self, url: str, limit: int, *, truncate: bool = False, params: dict[str, Any] | None = None) -> Any:
        """One GET through huggingface_hub's session, ended within `timeout` and read up to `limit`
        bytes (an error answer: its first ERROR_BODY_LIMIT bytes), as a response already read, for
        hf_raise_for_status and the caller."""
        session = get_session()
        deadline.install(session)
        headers = {**self._headers, "Accept-Encoding": ACCEPT_ENCODING}
        with (
            deadline.within(self.timeout),
            session.stream(
                "GET", url, params=params, headers=headers, timeout=self.timeout, follow_redirects=True
            ) as response,
        ):
            failed = response.status_code >= 400
            body = read_body(response, ERROR_BODY_LIMIT if failed else limit, truncate=truncate or failed)
        kept = [
            (key, value)
            for key, value in response.headers.multi_items()
            if key.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]  # the body handed on is decoded and whole
        return type(response)(response.status_code, headers=kept, content=body, request=response.request)

    def _call(self, what: str, request: Callable[[], T]) -> T:
        """Run a request; retry rate limits and server errors briefly; turn every failure into a HubError."""
        attempt = 0
        while True:  # every pass returns, raises, or retries while attempts remain
            attempt += 1
            if self.before_request is not None:
                self.before_request(what)
            try:
                return request()
            except GatedRepoError:  # a subclass of RepositoryNotFoundError: first
                raise HubError(
                    HubErrorKind.GATED,
                    f"{what}: gated; this token has not been granted access "
                    "(request access on the Hub, then pass a token)",
                ) from None
            except RevisionNotFoundError:
                raise HubError(
                    HubErrorKind.REVISION_NOT_FOUND, f"{what}: no such revision (branch, tag or commit)"
                ) from None
            except EntryNotFoundError:
                raise HubError(HubErrorKind.ENTRY_NOT_FOUND, f"{what}: no such file") from None
            except DisabledRepoError:
                raise HubError(HubErrorKind.DISABLED, f"{what}: this repository has been disabled") from None
            except RepositoryNotFoundError:
                raise HubError(
                    HubErrorKind.NOT_FOUND,
                    f"{what}: repository not found (or private: pass a token with "
                    "access, via HF_TOKEN or --token-file)",
                ) from None
            except HfHubHTTPError as exc:
                status = exc.response.status_code if exc.response is not None else None
                if status in RETRY_STATUSES and attempt < MAX_ATTEMPTS:
                    wait = _retry_after(exc.response, attempt)
                    if wait is not None:
                        self.sleep(wait)
                        continue
                raise _http_error(what, status, exc.response) from None
            except UnreadableBody as exc:
                raise HubError(HubErrorKind.INVALID_RESPONSE, f"{what}: {exc}; not read further") from None
            except (
                ValueError,
                TypeError,
                KeyError,
                AttributeError,
                RecursionError,
            ) as exc:  # not the JSON it should be: truncated, invalid, wrong shape, nested without end
                raise HubError(
                    HubErrorKind.INVALID_RESPONSE,
                    f"{what}: the Hub's answer is not the JSON expected ({type(exc).__name__}: {str(exc)[:120]})",
                ) from None
            except self._redirects:
                raise HubError(
                    HubErrorKind.INVALID_RESPONSE, f"{what}: {self.endpoint} redirects in a loop (too many redirects)"
                ) from None
            except self._transport as exc:
                name = type(exc).__name__
                if "Timeout" in name:
                    raise HubError(
                        HubErrorKind.TIMEOUT,
                        f"{what}: no answer within {self.timeout:g} s ({self.endpoint}); {_NETWORK_HINT}",
                    ) from None
                if attempt < MAX_ATTEMPTS and "Connect" not in name:
                    continue  # a dropped connection: try again at once
                reason = "cannot connect to" if "Connect" in name else "the connection failed with"
                raise HubError(
                    HubErrorKind.UNREACHABLE, f"{what}: {reason} {self.endpoint} ({name}); {_NETWORK_HINT}"
                ) from None


def parse_info(body: bytes, repo_type: str) -> ModelInfo | DatasetInfo:
    """A metadata answer as huggingface_hub's ModelInfo or DatasetInfo; ValueError or TypeError when
    it is not JSON (nested at most 64 deep) or not an object."""
    data = loads(body.decode("utf-8"))
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    if repo_type == "model":
        return ModelInfo(**data)  # type: ignore[no-untyped-call]
    return DatasetInfo(**data)  # type: ignore[no-untyped-call]


def _expand(repo_type: str) -> list[str]:
    return list(MODEL_EXPAND if repo_type == "model" else DATASET_EXPAND)


def _retry_after(response: Any, attempt: int) -> float | None:
    """Seconds to wait before retrying, or None when the server asks for longer than a CLI should wait."""
    header = response.headers.get("Retry-After") if response is not None else None
    if header is None:
        return 0.5 * attempt
    try:
        seconds = float(header)
    except ValueError:
        return None  # an HTTP date: too far to reason about here
    return seconds if seconds <= MAX_RETRY_AFTER else None


def _http_error(what: str, status: int | None, response: Any) -> HubError:
    if status == 401:
        return HubError(
            HubErrorKind.UNAUTHORIZED, f"{what}: the token was rejected (401); check HF_TOKEN or --token-file"
        )
    if status == 403:
        return HubError(HubErrorKind.FORBIDDEN, f"{what}: access denied (403)")
    if status == 429:
        after = response.headers.get("Retry-After") if response is not None else None
        hint = f"; the Hub asks to retry after {after} s" if after else ""
        return HubError(HubErrorKind.RATE_LIMITED, f"{what}: rate limited (429){hint}")
    if status is not None and status >= 500:
        return HubError(HubErrorKind.SERVER_ERROR, f"{what}: the Hub answered {status} after {MAX_ATTEMPTS} attempts")
    return HubError(HubErrorKind.INVALID_RESPONSE, f"{what}: unexpected answer {status}")
