"""Requests to the Hub, through huggingface_hub only, with a CLI's timeouts and retries.

Repository metadata comes from `HfApi.model_info` (which never answers from a cache, so a repo that
has become gated or been deleted is seen as such). Text files are fetched with huggingface_hub's
own session, URL builder, headers and error mapping, but one GET each with licheck's timeout:
`hf_hub_download` retries a dead server for ~23 s and silently returns a cached copy of a file
whose repo is now gated. Weight files are never requested.

Every problem becomes a HubError with one clear sentence; the token never appears in one.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

# Read by huggingface_hub at import: no telemetry request, no progress bars in a CLI's output.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from huggingface_hub import HfApi, get_session, hf_hub_url, hf_raise_for_status
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
from licheck.repository.snapshot import shown_repo
from licheck.vocabulary import Term

if TYPE_CHECKING:
    from huggingface_hub.hf_api import DatasetInfo, ExpandDatasetProperty_T, ExpandModelProperty_T, ModelInfo

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

    def __post_init__(self) -> None:
        self._api = HfApi(endpoint=self.endpoint, token=self.token, library_name="licheck", library_version=__version__)
        self._transport = _transport_error()
        self._redirects = _transport_error("TooManyRedirects")

    def repo_info(self, repo_id: str, revision: str | None, repo_type: str = "model") -> ModelInfo | DatasetInfo:
        """A model's or a dataset's metadata."""
        what = shown_repo(repo_id, repo_type, revision)
        if repo_type == "model":
            return self._call(
                what,
                lambda: self._api.model_info(repo_id, revision=revision, expand=MODEL_EXPAND, timeout=self.timeout),
            )
        return self._call(
            what,
            lambda: self._api.dataset_info(repo_id, revision=revision, expand=DATASET_EXPAND, timeout=self.timeout),
        )

    def has_access(self, repo_id: str, repo_type: str = "model") -> bool:
        """For a gated repo: may this token read its files (one request, never answered from a cache)?"""
        try:
            self._call(shown_repo(repo_id, repo_type), lambda: self._api.auth_check(repo_id, repo_type=repo_type))
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
        headers = build_hf_headers(token=self.token, library_name="licheck", library_version=__version__)

        def fetch() -> str:
            with get_session().stream("GET", url, headers=headers, timeout=self.timeout, follow_redirects=True) as r:
                hf_raise_for_status(r)
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > TEXT_FILE_LIMIT:
                        break
            return bytes(body[:TEXT_FILE_LIMIT]).decode("utf-8-sig", errors="replace")

        return self._call(f"{shown_repo(repo_id, repo_type)}/{filename}", fetch)

    def _call(self, what: str, request: Callable[[], T]) -> T:
        """Run a request; retry rate limits and server errors briefly; turn every failure into a HubError."""
        attempt = 0
        while True:  # every pass returns, raises, or retries while attempts remain
            attempt += 1
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
