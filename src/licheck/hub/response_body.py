"""A Hub answer's body, read with a bound on its size once decompressed.

The body is decoded here from the raw bytes, in pieces of bounded size, so a gzip bomb (1 MiB that
inflates to 1 GiB) costs what the bound allows whatever transport library and decoders
huggingface_hub's session has. Only gzip and deflate are asked for, and only they are accepted.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

ACCEPT_ENCODING = "gzip, deflate"
_PIECE = 64 * 1024  # decompressed bytes produced at a time
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class UnreadableBody(ValueError):
    """An answer that is larger than allowed, or encoded in a way licheck did not ask for."""


def read_body(response: Any, limit: int, *, truncate: bool) -> bytes:
    """At most `limit` bytes of the decoded body; beyond it, the beginning (`truncate`) or UnreadableBody."""
    decode = _decoder(response.headers.get("content-encoding", "identity").strip().lower())
    body = bytearray()
    for raw in response.iter_raw():
        for piece in decode(raw):
            body += piece
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise UnreadableBody(f"the answer is larger than {limit // (1024 * 1024)} MiB once decompressed")
    return bytes(body)


def _decoder(encoding: str) -> Callable[[bytes], Iterator[bytes]]:
    if encoding in ("", "identity"):
        return _identity
    if encoding not in _WBITS:
        raise UnreadableBody(f"the answer is encoded as {encoding[:40]!r}, which licheck does not accept")
    inflater = zlib.decompressobj(_WBITS[encoding])
    raw_deflate = encoding == "deflate"  # some servers send deflate without its zlib header

    def decode(raw: bytes) -> Iterator[bytes]:
        """One piece at a time: the reader stops at its bound before the next piece is inflated."""
        nonlocal inflater, raw_deflate
        while not inflater.eof:
            try:
                piece = inflater.decompress(raw, _PIECE)
            except zlib.error as exc:
                if not raw_deflate:
                    raise UnreadableBody(f"the answer's {encoding} encoding is damaged ({exc})") from None
                inflater, raw_deflate = zlib.decompressobj(-zlib.MAX_WBITS), False
                continue
            raw_deflate = False
            raw = inflater.unconsumed_tail
            if not piece and not raw:  # all input used and no output pending
                return
            yield piece

    return decode


def _identity(raw: bytes) -> Iterator[bytes]:
    yield raw
