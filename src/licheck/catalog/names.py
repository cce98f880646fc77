"""How declarations are compared: one normalised form for license slugs and one for license URLs,
used both when the rule set is loaded (to refuse aliases that collide) and when a card is read."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_SLUG_SEPARATORS = re.compile(r"[\s_/]+")
_HF_HOSTS = {"huggingface.co", "hf.co"}


def normalise_slug(value: str) -> str:
    return _SLUG_SEPARATORS.sub("-", value.strip().casefold()).strip("-")


def normalise_url(url: str) -> str:
    """A comparable form of a license URL: scheme, www, branch, raw/blob views and trailing junk ignored."""
    url = url.strip().strip("<>\"'").rstrip(".,;:)]")
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = parts.netloc.casefold().removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    segments = [s for s in path.split("/") if s]
    if host == "raw.githubusercontent.com" and len(segments) >= 3:
        host, segments = "github.com", [*segments[:2], "blob", *segments[2:]]
    if host in _HF_HOSTS:
        host = "huggingface.co"
    if len(segments) >= 4 and segments[2] in {"blob", "raw", "resolve", "tree"}:
        segments[2] = "blob"
        segments[3] = "main"  # master, main or a commit: the same file for identification purposes
    return (host + "/" + "/".join(segments)).casefold()
