"""Run ScanCode's license detection over the files of a benchmark manifest; print JSON on stdout.

Executed by identify_benchmark.py with the Python of a separate environment that has
scancode-toolkit-mini installed (it is never a dependency of licheck). Reports the time to load
ScanCode's license index (its start-up) and, per file, the license keys of its detections,
largest match first, and the detection time.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path


def main(manifest_path: str) -> None:
    warnings.simplefilter("ignore")  # typecode warns about libmagic on every import
    started = time.perf_counter()
    from licensedcode.cache import get_index
    from scancode.api import get_licenses

    get_index()
    startup = time.perf_counter() - started
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    results = {}
    for case in manifest["cases"]:
        began = time.perf_counter()
        found = get_licenses(case["path"], include_text=False)
        elapsed = time.perf_counter() - began
        matches = [m for d in found.get("license_detections", []) for m in d.get("matches", [])]
        matches.sort(key=lambda m: -m.get("matched_length", 0))
        keys = [m["license_expression"] for m in matches]
        results[case["path"]] = {"keys": keys, "seconds": elapsed}
    json.dump({"startup_seconds": startup, "results": results}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
