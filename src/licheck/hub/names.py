"""The Hub's grammar for repository ids, revisions and commit shas.

Every name that comes from a command line, a card, a Hub answer or the cache is checked against it
before it becomes part of a URL or a cache path: a `sha` of `../../x` from a hostile endpoint, or a
base model named `..`, would otherwise write or read outside licheck's cache.
"""

from __future__ import annotations

import re
from typing import TypeGuard

# huggingface_hub's validate_repo_id: `name` or `org/name`, word characters, '-' and '.', at most 96
# each, neither '--' nor '..' anywhere, no '.git' ending.
_REPO_ID = re.compile(r"^(?:[\w.-]{1,96}/)?[\w.-]{1,96}$", re.ASCII)
_SHA = re.compile(r"^[0-9a-f]{40}$")
# A branch or tag (git's ref-name rules, simplified: no '..', no empty component) or a sha.
_REVISION = re.compile(r"^[\w.-]+(?:/[\w.-]+)*$", re.ASCII)


def is_repo_id(value: object) -> TypeGuard[str]:
    return (
        isinstance(value, str)
        and bool(_REPO_ID.match(value))
        and "--" not in value
        and ".." not in value
        and not value.endswith(".git")
        and not any(part in (".", "") for part in value.split("/"))
    )


def is_sha(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(_SHA.match(value))


def is_revision(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) <= 256 and bool(_REVISION.match(value)) and ".." not in value
