"""A progress bar on stderr while a large scan runs, drawn by tqdm.

Only for a person watching: stderr must be a terminal and the run not in CI (some CI runners give
jobs a terminal; their logs would fill with redrawn bars), and never with --quiet. A small scan is
over before a bar would help (about 1,500 folders a second), so it gets none.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable

LARGE_SCAN = 300  # models: about a fifth of a second of checking, when a run starts to feel slow on a slow disk


def progress_bar(quiet: bool) -> Callable[[int, Iterable[str]], Iterable[str]] | None:
    """What scan_paths wraps its models in (their number, then the models), or None when no bar is to be drawn."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return None

    def bar(count: int, models: Iterable[str]) -> Iterable[str]:
        if count < LARGE_SCAN:
            return models
        from tqdm import tqdm  # imported only when a bar is drawn: a pre-commit run never pays for it

        # leave=False: the bar is wiped when the scan ends, so the report starts on a clean line.
        return tqdm(
            models, total=count, desc="licheck", unit=" models", file=sys.stderr, leave=False, dynamic_ncols=True
        )

    return bar
