"""Time `licheck scan` over N synthetic model folders; report folders per second and peak memory.

Usage: python benchmarks/scan_benchmark.py [-n 10000 [-n 100000 ...]] [--jobs N] [--keep]

The folders mix what real repositories hold: cards with front matter (Llama fine-tunes, FLUX LoRAs,
Apache models, no license), adapter and model configs, a NOTICE file, and safetensors headers.
The scan runs as a user runs it, as a separate `licheck` process, timed wall-clock; peak memory is
that process's maximum resident set size. Several sizes give the ratio of their peaks (memory flat
in the number of models: issue 16 asks 100,000 folders to stay within 1.2x of 10,000). The
one-folder scan of the first size is timed too, best of 10 (the pre-commit case).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CARDS = [
    "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct\nmodel-index:\n  - name: Llama-3.1-8B-Bench-{i}\n",
    "license: mit\nbase_model: black-forest-labs/FLUX.1-dev\nbase_model_relation: adapter\ntags: [lora]\n",
    "license: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\npipeline_tag: text-generation\n",
    "pipeline_tag: text-classification\n",
]


def build(root: Path, count: int) -> None:
    header = json.dumps(
        {"__metadata__": {"format": "pt"}, "w": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}
    ).encode()
    for i in range(count):
        folder = root / f"org-{i // 100}" / f"model-{i}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(
            "---\n" + CARDS[i % len(CARDS)].format(i=i) + "---\n\n# Model\n" + "text\n" * 50
        )
        (folder / "config.json").write_text('{"model_type": "llama", "_name_or_path": "meta-llama/Llama-3.1-8B"}')
        if i % 2:
            (folder / "adapter_config.json").write_text(
                '{"base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct"}'
            )
        if i % 3 == 0:
            (folder / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 4)
        if i % 4 == 0:
            (folder / "NOTICE").write_text("Llama 3.1 is licensed under the Llama 3.1 Community License.\n")


def _command() -> list[str]:
    licheck = shutil.which("licheck")
    return [licheck] if licheck else [sys.executable, "-m", "licheck"]


def scan(root: Path, jobs: int | None) -> tuple[int, float, int]:
    """One `licheck scan --format json` process over the folders: models, seconds, its peak RSS in KiB."""
    jobs_option = ["--jobs", str(jobs)] if jobs else []
    with tempfile.TemporaryFile() as report:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*_command(), "scan", *jobs_option, "--format", "json", "--fail-on", "never", str(root)],
            stdout=report,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not the largest child's so far
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"licheck scan failed with status {status}")
        report.seek(0)
        return len(json.load(report)["results"]), elapsed, usage.ru_maxrss


def start_up(folder: Path, runs: int = 10) -> float:
    """The best wall-clock time of a one-folder scan, start-up included: the pre-commit case."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*_command(), "scan", str(folder)], stdout=subprocess.DEVNULL, check=False)  # exit 1: findings
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="number of model folders (repeat: several sizes)")
    parser.add_argument("--jobs", type=int, help="licheck's --jobs (default: licheck's own default)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    sizes = args.n or [10_000]
    peaks = {}
    for count in sizes:
        root = Path(tempfile.mkdtemp(prefix="licheck-bench-"))
        try:
            started = time.perf_counter()
            build(root, count)
            print(f"built {count:,} folders in {time.perf_counter() - started:.1f} s under {root}")
            results, elapsed, peak_kib = scan(root, args.jobs)
            peaks[count] = peak_kib
            print(
                f"scanned {results:,} models in {elapsed:.2f} s: {results / elapsed:,.0f} folders/s, "
                f"peak RSS {peak_kib / 1024:.0f} MiB"
            )
            if count == sizes[0]:
                best = start_up(root / "org-0" / "model-0")
                print(f"one-folder scan (the pre-commit case), start-up included: best of 10 {best:.3f} s")
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    smallest = sizes[0]
    for count in sizes[1:]:
        print(f"peak RSS, {count:,} folders / {smallest:,}: {peaks[count] / peaks[smallest]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
