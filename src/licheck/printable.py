"""Text from scanned repositories, made safe for a terminal or a CI log line.

Card values and file names may hold escape sequences (`ESC [2J`, OSC 0/8 titles and hyperlinks) or
newlines that start a forged `::error` workflow command on a line of their own. Control characters
are shown as visible escapes (`\\x1b`, `\\n`), so nothing is hidden and no line is split; lone
surrogates (undecodable file names, `"\\ud800"` in JSON) are replaced, so every encoder accepts the text.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE = range(0xDC80, 0xDD00)  # how Python decodes a file name's undecodable byte (surrogateescape)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def _replace_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTE else "\ufffd"


def encodable(text: str) -> str:
    """The text with lone surrogates replaced, so that it can be written as UTF-8: a file name's
    undecodable byte as `\\xff` (two such names stay two names), any other as U+FFFD."""
    return _SURROGATE.sub(_replace_surrogate, text) if _SURROGATE.search(text) else text


def one_line(text: str) -> str:
    """The text as one line of plain text: controls shown as escapes, surrogates replaced."""
    return _CONTROL.sub(_escape, encodable(text))
