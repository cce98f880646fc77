"""Time `licheck scan` over N synthetic model folders; report folders per second and peak memory.

Usage: python benchmarks/scan_benchmark.py [-n 10000] [--keep]

The folders mix what real repositories hold: cards with front matter (Llama fine-tunes, FLUX LoRAs,
Apache models, no license), adapter and model configs, a NOTICE file, and safetensors headers.
The scan runs as a user runs it, as a separate `licheck` process, timed wall-clock; peak memory is
that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import resource
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of model folders")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="licheck-bench-"))
    try:
        started = time.perf_counter()
        build(root, args.n)
        print(f"built {args.n} folders in {time.perf_counter() - started:.1f} s under {root}")
        licheck = shutil.which("licheck") or sys.executable
        command = [licheck] if licheck != sys.executable else [sys.executable, "-m", "licheck"]
        started = time.perf_counter()
        run = subprocess.run(
            [*command, "scan", "--format", "json", "--fail-on", "never", str(root)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        results = len(json.loads(run.stdout)["results"])
        print(
            f"scanned {results} models in {elapsed:.2f} s: {results / elapsed:,.0f} folders/s, "
            f"peak RSS {peak_kib / 1024:.0f} MiB"
        )
        started = time.perf_counter()
        subprocess.run([*command, "--version"], stdout=subprocess.DEVNULL, check=True)
        one = root / "org-0" / "model-0"
        subprocess.run([*command, "scan", str(one)], stdout=subprocess.DEVNULL, check=False)  # exit 1: findings
        print(
            "one-folder scan (pre-commit case), including start-up: "
            f"{time.perf_counter() - started:.2f} s for --version + scan"
        )
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
