"""Time `licheck audit` over N rows of model metadata built from real cards, on one and on two cores.

Usage: python benchmarks/audit_benchmark.py [-n 20000] [--runs 3]

Each row is a real card from ../shared/corpus/cards (cycled) as `card`, with the Hub API's `id`,
`sha`, `tags` and `siblings`; every tenth row names an earlier row as its base (`cardData`), so bases
are read from the dump. The audit runs as a user runs it, one `licheck audit` process per run, its
JSON Lines results discarded; the script prints, for --jobs 1 and 2, the min and median wall-clock times
(rows per second from the min, the least disturbed run on a shared machine) and the CPU seconds of that
run (its workers included), and the speed-up between the two.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def build(dump: Path, count: int) -> None:
    cards = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((SHARED / "corpus/cards").glob("*.md"))]
    with dump.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = {
                "id": f"org-{i // 100}/model-{i}",
                "sha": f"{i:040x}",
                "card": cards[i % len(cards)],
                "tags": ["transformers", "safetensors"],
                "siblings": [{"rfilename": "README.md"}, {"rfilename": "config.json"}],
            }
            if i % 10 == 9:
                row["cardData"] = {"base_model": f"org-{(i - 9) // 100}/model-{i - 9}"}
            out.write(json.dumps(row) + "\n")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user and system, the process's workers included) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit status {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="number of rows")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, for the min and median")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="licheck-audit-bench-"))
    try:
        dump = folder / "dump.jsonl"
        build(dump, args.n)
        licheck = shutil.which("licheck")
        command = [licheck] if licheck else [sys.executable, "-m", "licheck"]
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(args.runs):  # interleaved, so a slow moment of the machine touches both
            for jobs, measured in runs.items():
                summary = str(folder / "summary.md")
                measured.append(timed([*command, "audit", str(dump), "--jobs", str(jobs), "--summary", summary]))
        fastest = {}
        for jobs, measured in runs.items():
            fastest[jobs], cpu = min(measured)
            median = statistics.median(wall for wall, _ in measured)
            print(
                f"  --jobs {jobs}: min {fastest[jobs]:6.2f} s, {args.n / fastest[jobs]:7,.0f} rows/s "
                f"(median {median:6.2f} s); CPU of the min run {cpu:6.2f} s"
            )
        print(f"  speed-up on 2 cores: {fastest[1] / fastest[2]:.2f}x")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
