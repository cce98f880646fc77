"""JSON from untrusted places (configs, weight headers, Hub answers, cache entries), parsed with a
bound on nesting. Python's parser recurses once per level, so 100k nested brackets would end the
run with RecursionError; the depth is measured first, on the text, without recursion."""

from __future__ import annotations

import json
import re
from typing import Any

from licheck.printable import encodable

MAX_DEPTH = 64  # real configs and headers nest a few levels; the Hub's answers fewer than ten
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # strings are skipped whole: brackets in them do not count
_SURROGATE = re.compile("[\ud800-\udfff]")


class UntrustedJsonError(ValueError):
    """Not JSON, or JSON nested deeper than MAX_DEPTH; `line` is where (1-based), when known."""

    def __init__(self, reason: str, line: int | None):
        self.reason = reason
        self.line = line
        super().__init__(f"{reason} (line {line})" if line else reason)


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    if text.count("[") + text.count("{") > max_depth:  # fewer opening brackets cannot nest deeper
        _check_depth(text, max_depth)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UntrustedJsonError(exc.msg, exc.lineno) from None
    except RecursionError:  # unreachable after the depth check; kept so no input can end the run
        raise UntrustedJsonError("nested too deep", None) from None
    # A lone surrogate comes from a \u escape or from the text itself; most texts have neither.
    return _encodable(value) if "\\u" in text or _SURROGATE.search(text) else value


def _check_depth(text: str, max_depth: int) -> None:
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, match.start()) + 1
                raise UntrustedJsonError(f"nested more than {max_depth} levels deep", line)
        elif token in "]}":
            depth -= 1


def _encodable(value: Any) -> Any:
    """The value with lone surrogates (`"\\ud800"`) replaced in every string: no encoder downstream accepts them."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    if isinstance(value, dict):
        return {encodable(key): _encodable(item) for key, item in value.items()}
    return value
