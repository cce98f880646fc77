"""The changes a license text goes through on its way into a model repository, and the substantial
changes that must not pass for the original. Shared by the identification tests and
identify_benchmark.py, so that both measure the same cases."""

from __future__ import annotations

import random
import re


def formatting_changes(text: str) -> dict[str, str]:
    """Changes that leave the license what it is: each must still be identified as the original."""
    lines = text.splitlines()
    return {
        "rewrapped": " ".join(text.split()),
        "crlf": text.replace("\n", "\r\n"),
        "smart-quotes": text.replace('"', "\u201c").replace("'", "\u2019"),
        "markdown": re.sub(r"^(\S.*)$", r"**\1**", text, count=3, flags=re.MULTILINE).replace("\n\n", "\n\n- ", 5),
        "title-removed": "\n".join(lines[1:]),
        "copyright-prepended": "Copyright (c) 2025 Example Corp.\n\n" + text,
    }


def substantial_changes(text: str, seed: int = 7) -> dict[str, str]:
    """Changes that make a different text: none may be called an exact match of the original."""
    rng = random.Random(seed)
    words = text.split()
    replaced = [w if rng.random() > 0.3 else "zzz" for w in words]  # 30% of the words replaced
    return {"words-replaced": " ".join(replaced), "halves-swapped": _swap_halves(text)}


def _swap_halves(text: str) -> str:
    """The second half of the text (by words, cut at a line end where there is one) put first."""
    lines = text.splitlines()
    total, count = len(text.split()), 0
    for i, line in enumerate(lines):
        count += len(line.split())
        if count >= total / 2 and 0 < i + 1 < len(lines):
            return "\n".join(lines[i + 1 :] + lines[: i + 1])
    words = text.split()
    return " ".join(words[len(words) // 2 :] + words[: len(words) // 2])
