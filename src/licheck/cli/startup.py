"""A run's start-up without the cyclic garbage collector.

Start-up (the imports, then the rule set) makes some 35,000 objects that all live until the run ends
and frees next to nothing. The collector traversed them again and again while they were made, and
once more at exit: ~12 ms of a one-folder scan. So the `licheck` entry point pauses it, and loading
the rule set ends start-up: what it made is frozen (kept out of every later collection, and out of
the forked workers' copy-on-write pages) and collection resumes, so a run over many models collects
its own garbage as before. Commands run inside another program (the tests' CliRunner) are unaffected.
"""

from __future__ import annotations

import gc


class _Pause:
    active = False  # set by pause_collection, cleared when start-up ends


def pause_collection() -> None:
    gc.disable()
    _Pause.active = True


def resume_collection() -> None:
    """Freeze what start-up made and collect from here on, if pause_collection paused the collector."""
    if _Pause.active:
        gc.freeze()
        gc.enable()
        _Pause.active = False
