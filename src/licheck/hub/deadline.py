"""One deadline for the whole of a Hub request, redirects included.

The transport's timeout bounds each socket operation, so a server that trickles a byte a second
never times out. Under huggingface_hub's session (httpx or httpx2, over httpcore) every connect, read
and write waits at most until the deadline of the request under way in this thread (`within`); once
it has passed, the transport's own timeout error is raised, which the client reports as a timeout.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import Any

_DEADLINE: ContextVar[float | None] = ContextVar("licheck_hub_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Requests made in this block end, answered or not, `seconds` from now."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def install(session: Any) -> None:
    """Put the deadline under every transport of the session (its own and its proxies'). Idempotent,
    and called before each request: huggingface_hub replaces its session after a fork or an SSL error."""
    for transport in (getattr(session, "_transport", None), *getattr(session, "_mounts", {}).values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, _Backend):
            errors = importlib.import_module(type(pool).__module__.split(".")[0])  # httpcore or httpcore2
            pool._network_backend = _Backend(backend, errors)  # type: ignore[union-attr]


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """The operation's timeout, shortened to what is left of the request's deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream:
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, stream: Any, errors: ModuleType):
        self._stream = stream
        self._errors = errors

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._stream.read(max_bytes, _left(timeout, self._errors.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, self._errors.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> _Stream:
        upgraded = self._stream.start_tls(ssl_context, server_hostname, _left(timeout, self._errors.ConnectTimeout))
        return _Stream(upgraded, self._errors)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend:
    """The transport's network backend, opening streams that end by the deadline."""

    def __init__(self, backend: Any, errors: ModuleType):
        self._backend = backend
        self._errors = errors

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> _Stream:
        left = _left(timeout, self._errors.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, left, local_address, socket_options), self._errors)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> _Stream:
        left = _left(timeout, self._errors.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, left, socket_options), self._errors)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
