"""Time `licheck scan` over N realistic model folders beside a plain-Python floor, in one run.

Usage: python benchmarks/realistic_benchmark.py [-n 2000] [--runs 5] [--format json] [--jobs N [--jobs M]]

Each folder holds a real card from ../shared/corpus/cards (cycled), a small config.json and a LICENSE
that is one of six real license texts from ../shared/licenses (read here, at benchmark time: the
project never holds a copy). The floor is the least any checker must do with the same files, as its
own process: read each folder's three files, parse the card's YAML front matter with the C loader and
the config's JSON, and lower-case the LICENSE into word hashes. Both run several times as separate
processes; the script prints the min and median wall-clock times, their ratio and each's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
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
LICENSES = (
    "apache-2.0.txt",
    "mit.txt",
    "llama3.1.txt",
    "cc-by-nc-4.0.txt",
    "gemma.txt",
    "flux-1-dev-non-commercial-license.txt",
)
CONFIG = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "torch_dtype": "bf16"}


def build(root: Path, count: int) -> None:
    cards = sorted((SHARED / "corpus" / "cards").glob("*.md"))
    texts = [(SHARED / "licenses" / name).read_bytes() for name in LICENSES]
    config = json.dumps(CONFIG).encode()
    for i in range(count):
        folder = root / f"org-{i // 100}" / f"model-{i}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_bytes(cards[i % len(cards)].read_bytes())
        (folder / "config.json").write_bytes(config)
        (folder / "LICENSE").write_bytes(texts[i % len(texts)])


def floor(root: str) -> None:
    """The plain-Python floor: read and parse what licheck reads, and nothing more."""
    import yaml

    loader = yaml.CSafeLoader  # the C loader
    parsed = 0
    for organisation in sorted(os.scandir(root), key=lambda e: e.name):
        for model in sorted(os.scandir(organisation.path), key=lambda e: e.name):
            with open(os.path.join(model.path, "README.md"), encoding="utf-8", errors="replace") as f:
                card = f.read()
            if card.startswith("---"):
                end = card.find("\n---", 3)
                if end > 0:
                    with contextlib.suppress(yaml.YAMLError):
                        yaml.load(card[3:end], Loader=loader)
            with open(os.path.join(model.path, "config.json"), encoding="utf-8") as f:
                json.load(f)
            with open(os.path.join(model.path, "LICENSE"), encoding="utf-8", errors="replace") as f:
                hashes = {hash(word) for word in f.read().lower().split()}
            parsed += bool(hashes)
    print(parsed)


def timed(command: list[str]) -> tuple[float, int]:
    """Wall-clock seconds and peak RSS (KiB) of one process, its output discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        assert process.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2_000, help="number of model folders")
    parser.add_argument("--runs", type=int, default=5, help="runs of each, for min and median")
    parser.add_argument("--format", default="json", help="licheck's output format")
    parser.add_argument(
        "--jobs",
        type=int,
        action="append",
        help="licheck's --jobs (repeat to compare, e.g. --jobs 1 --jobs 2; default: licheck's own default)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--floor", metavar="ROOT", help=argparse.SUPPRESS)  # run as the floor's own process
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return 0
    root = Path(tempfile.mkdtemp(prefix="licheck-realistic-"))
    try:
        build(root, args.n)
        licheck = shutil.which("licheck")
        command = [licheck] if licheck else [sys.executable, "-m", "licheck"]
        scans = {}
        for jobs in args.jobs or [None]:
            name = "licheck" if jobs is None else f"licheck -j{jobs}"
            jobs_option = [] if jobs is None else ["--jobs", str(jobs)]
            scans[name] = [*command, "scan", *jobs_option, "--format", args.format, "--fail-on", "never", str(root)]
        runs: dict[str, list[tuple[float, int]]] = {"floor": [], **{name: [] for name in scans}}
        for _ in range(args.runs):  # interleaved, so a slow moment of the machine touches each
            runs["floor"].append(timed([sys.executable, __file__, "--floor", str(root)]))
            for name, scan in scans.items():
                runs[name].append(timed(scan))
        print(f"{args.n} realistic folders, {args.runs} runs each, licheck --format {args.format}")
        summary = {}
        for name, measured in runs.items():
            times = [t for t, _ in measured]
            summary[name] = (min(times), statistics.median(times))
            print(
                f"  {name:12} min {min(times):6.2f} s  median {statistics.median(times):6.2f} s  "
                f"{args.n / min(times):7,.0f} folders/s  peak RSS {max(m for _, m in measured) / 1024:5.0f} MiB"
            )
        for name in scans:
            ratio_min = summary[name][0] / summary["floor"][0]
            ratio_median = summary[name][1] / summary["floor"][1]
            print(f"  {name} / floor: {ratio_min:.2f}x (min), {ratio_median:.2f}x (median)")
        first, *others = scans
        for name in others:
            print(f"  speed-up of {name} over {first}: {summary[first][0] / summary[name][0]:.2f}x (min)")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
