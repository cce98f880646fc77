"""A stand-in for the Hugging Face Hub on 127.0.0.1, for the real huggingface_hub client.

It speaks the routes and headers described in ../shared/research/hub.md: repository metadata
(`/api/models/{repo}[/revision/{rev}]`, filtered by `expand`), `auth-check`, and file contents
(`/{repo}/resolve/{rev}/{path}`), with `X-Error-Code` errors, private and gated repos, and
revisions. Every request is recorded; failures (status codes, Retry-After, delays, truncated or
invalid bodies) are injected by rules, and so are the hostile modes of issue 14: an endless or huge
body, a gzip bomb, an answer trickled a byte at a time (slow loris), a redirect loop, wrong shapes, a
traversal sha; `generate` makes repositories on demand (a lineage that fans out). Connections are
closed after each answer (HTTP/1.0), so a stopped server is really gone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

_FRONT_MATTER = re.compile(r"^\s*---\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", re.DOTALL)


def card_data(readme: bytes) -> dict:
    """What the Hub shows as cardData: the parsed front matter, or nothing when it does not parse."""
    match = _FRONT_MATTER.match(readme.decode("utf-8-sig", errors="replace"))
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return json.loads(json.dumps(data, default=str)) if isinstance(data, dict) else {}


@dataclass
class StubRepo:
    repo_id: str
    files: dict[str, bytes]
    gated: str | None = None  # None, "auto" or "manual": the files need a granted token
    gated_metadata: bool = False  # the metadata route is gated too
    private: bool = False
    granted: set[str] = field(default_factory=set)  # tokens that may read a gated or private repo
    tags: list[str] = field(default_factory=list)
    revisions: dict[str, str] = field(default_factory=dict)  # tag or branch -> sha (besides main)

    @property
    def sha(self) -> str:
        digest = hashlib.sha1()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name])
        return digest.hexdigest()

    def info(self) -> dict:
        readme = self.files.get("README.md", b"")
        return {
            "_id": self.sha[:24],
            "id": self.repo_id,
            "sha": self.sha,
            "private": self.private,
            "gated": self.gated or False,
            "tags": self.tags,
            "pipeline_tag": card_data(readme).get("pipeline_tag"),
            "cardData": card_data(readme),
            "siblings": [{"rfilename": n} for n in sorted(self.files)],
            "config": {},
            "library_name": None,
        }


@dataclass
class Rule:
    """Answer requests whose path contains `match` like this, `times` times (None: always)."""

    match: str
    status: int = 503
    times: int | None = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0
    truncate: bool = False  # promise a longer body than is sent
    chunks: Callable[[], Iterable[bytes]] | None = None  # a streamed body with no Content-Length (huge, a bomb)
    trickle: float = 0.0  # seconds between the bytes of the whole answer, status line first (slow loris)


def huge_body(size: int) -> Callable[[], Iterator[bytes]]:
    """A JSON-looking body of `size` bytes, made as it is sent: `{"id": "` and then letters."""

    def chunks() -> Iterator[bytes]:
        yield b'{"id": "'
        block = b"a" * (1 << 20)
        for _ in range(size // len(block)):
            yield block

    return chunks


@functools.cache
def gzip_bomb(size: int) -> bytes:
    """A valid gzip stream of `size` bytes of JSON-looking text (1 GiB is about 1 MiB), built in a
    fraction of a second: after a full flush the compressor's output for the same block repeats."""
    block, head = b" " * (1 << 20), b'{"id": "'
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(head) + compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = size // len(block)
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    trailer = struct.pack("<II", crc, (len(head) + blocks * len(block)) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\0\0\0\0\0\0\xff" + first + repeated * (blocks - 1) + compressor.flush() + trailer


class StubHub:
    def __init__(self):
        self.repos: dict[str, StubRepo] = {}
        self.datasets: dict[str, StubRepo] = {}
        self.rules: list[Rule] = []
        # Repositories made on first request, for ids no `add` registered (None: there is no such repo).
        self.generate: Callable[[str], StubRepo | None] | None = None
        self.requests: list[tuple[str, str, bool]] = []  # (method, path, sent a token)
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):
                stub._handle(self, "GET")

            def do_HEAD(self):
                stub._handle(self, "HEAD")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def add(self, repo: StubRepo, repo_type: str = "model") -> StubRepo:
        (self.repos if repo_type == "model" else self.datasets)[repo.repo_id] = repo
        return repo

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what the tests read ---------------------------------------------------------------------

    def metadata_requests(self, repo_id: str | None = None) -> list[str]:
        """Metadata requests, all or for one repository (`org/name`, or `org` for all of its repos)."""

        def about(path: str) -> bool:
            route = path.split("?", maxsplit=1)[0]
            if repo_id is None:
                return True
            if "/" not in repo_id:
                return route.startswith(f"/api/models/{repo_id}/")
            return route == f"/api/models/{repo_id}" or route.startswith(f"/api/models/{repo_id}/revision/")

        return [p for _, p, _ in self.requests if p.startswith("/api/models/") and "/auth-check" not in p and about(p)]

    def file_requests(self) -> list[str]:
        return [p for _, p, _ in self.requests if "/resolve/" in p]

    # --- serving -----------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        token = handler.headers.get("authorization", "").removeprefix("Bearer ").strip() or None
        with self._lock:
            self.requests.append((method, handler.path, token is not None))
            rule = next((r for r in self.rules if r.match in handler.path and r.times != 0), None)
            if rule and rule.times:
                rule.times -= 1
        if rule:
            time.sleep(rule.delay)
            if rule.trickle or rule.chunks:
                self._hostile(handler, rule)
                return
            if rule.status:
                body = rule.body if rule.body is not None else json.dumps({"error": "injected"}).encode()
                self._send(handler, method, rule.status, body, rule.headers, truncate=rule.truncate)
                return
        raw_path = urlsplit(handler.path).path
        query = parse_qs(urlsplit(handler.path).query)
        parts = raw_path.split("/")  # split before decoding: a revision may be refs%2Fpr%2F1
        repos = self.repos
        if raw_path.startswith(("/api/datasets/", "/datasets/")):
            repos = self.datasets
            parts = parts[:1] + parts[2:] if parts[1] == "datasets" else [*parts[:2], "models", *parts[3:]]
        if parts[1:3] == ["api", "models"]:
            self._api(handler, method, repos, [unquote(p) for p in parts[3:]], query, token)
        elif len(parts) > 5 and parts[3] == "resolve":
            self._file(
                handler,
                method,
                repos,
                unquote(parts[1]) + "/" + unquote(parts[2]),
                unquote(parts[4]),
                unquote("/".join(parts[5:])),
                token,
            )
        else:
            self._error(handler, method, 404, None, "Not found")

    def _access(self, repo: StubRepo | None, token: str | None, gated: bool) -> tuple[int, str, str] | None:
        """(status, X-Error-Code, message) when the request may not see the repo."""
        if repo is None or (repo.private and token not in repo.granted):
            return (401 if token is None else 404), "RepoNotFound", "Repository not found"
        if gated and token not in repo.granted:
            return (
                (
                    401,
                    "GatedRepo",
                    f"Access to model {repo.repo_id} is restricted. You must have access to it "
                    "and be authenticated to access it. Please log in.",
                )
                if token is None
                else (
                    403,
                    "GatedRepo",
                    f"Access to model {repo.repo_id} is restricted and you are not in the authorized list.",
                )
            )
        return None

    def _revision(self, repo: StubRepo, revision: str) -> str | None:
        if revision in ("main", repo.sha):
            return repo.sha
        return repo.revisions.get(revision)

    def _hostile(self, handler: BaseHTTPRequestHandler, rule: Rule) -> None:
        """An answer written straight to the socket: trickled, or streamed until the client gives up."""
        headers = {"Content-Type": "application/json", **rule.headers}
        head = f"HTTP/1.0 {rule.status or 200} OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        body = rule.body if rule.body is not None else b'{"id": "x", "sha": "' + b"a" * 40 + b'"}'
        try:
            if rule.trickle:
                for byte in (head + "\r\n").encode() + body:
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                    time.sleep(rule.trickle)
                return
            handler.wfile.write((head + "\r\n").encode())
            for chunk in rule.chunks() if rule.chunks else (body,):
                handler.wfile.write(chunk)
        except OSError:
            pass  # the client stopped reading: what a bounded client does

    def _repo(self, repos: dict[str, StubRepo], repo_id: str) -> StubRepo | None:
        if repo_id not in repos and self.generate is not None and repos is self.repos:
            made = self.generate(repo_id)
            if made is not None:
                with self._lock:
                    repos.setdefault(repo_id, made)
        return repos.get(repo_id)

    def _api(self, handler, method, repos, parts, query, token) -> None:
        repo = self._repo(repos, "/".join(parts[:2]))
        rest = parts[2:]
        if rest == ["auth-check"]:
            denied = self._access(repo, token, bool(repo and repo.gated))
            self._error(handler, method, *denied) if denied else self._send(handler, method, 200, b"{}")
            return
        denied = self._access(repo, token, bool(repo and repo.gated_metadata))
        if denied:
            self._error(handler, method, *denied)
            return
        if rest[:1] == ["revision"] and self._revision(repo, "/".join(rest[1:])) is None:
            self._error(handler, method, 404, "RevisionNotFound", f"Invalid rev id: {'/'.join(rest[1:])}")
            return
        info = repo.info()
        expand = query.get("expand") or query.get("expand[]")
        if expand:
            info = {k: v for k, v in info.items() if k in expand or k in ("_id", "id")}
        self._send(handler, method, 200, json.dumps(info).encode())

    def _file(self, handler, method, repos, repo_id, revision, path, token) -> None:
        repo = self._repo(repos, repo_id)
        denied = self._access(repo, token, bool(repo and repo.gated))
        if denied:
            self._error(handler, method, *denied)
            return
        sha = self._revision(repo, revision)
        if sha is None:
            self._error(handler, method, 404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        if path not in repo.files:
            self._error(handler, method, 404, "EntryNotFound", f"{path} does not exist", {"X-Repo-Commit": sha})
            return
        body = repo.files[path]
        etag = hashlib.sha1(body).hexdigest()
        self._send(handler, method, 200, body, {"X-Repo-Commit": sha, "ETag": f'"{etag}"'})

    def _error(self, handler, method, status, code, message, headers=None) -> None:
        extra = {"X-Error-Message": message, **(headers or {})}
        if code:
            extra["X-Error-Code"] = code
        self._send(handler, method, status, json.dumps({"error": message}).encode(), extra)

    @staticmethod
    def _send(handler, method, status, body: bytes, headers=None, truncate=False) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json" if body[:1] in (b"{", b"[") else "text/plain")
        handler.send_header("Content-Length", str(len(body) + (100 if truncate else 0)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        if method != "HEAD":
            handler.wfile.write(body)


def fan_out(width: int) -> Callable[[str], StubRepo | None]:
    """For StubHub.generate: every repository `fan/…` names `width` new bases (`fan/…-0`, `fan/…-1`…),
    at every level, so a lineage walk that is not bounded in breadth never ends."""

    def generate(repo_id: str) -> StubRepo | None:
        if not repo_id.startswith("fan/"):
            return None
        bases = "".join(f"\n  - {repo_id}-{i}" for i in range(width))
        return StubRepo(repo_id, {"README.md": f"---\nlicense: mit\nbase_model:{bases}\n---\n# fan\n".encode()})

    return generate
