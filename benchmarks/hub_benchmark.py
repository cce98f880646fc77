"""Time `licheck hub` over N repositories served by the stand-in Hub on 127.0.0.1.

Usage: python benchmarks/hub_benchmark.py [-n 200] [--latency 0.05]

Each repository is a fine-tune card (with a config and a LICENSE file) whose base is another
repository of the stand-in, so lineage is resolved over the Hub too. --latency delays every answer,
as a real network does. Three runs of one `licheck hub` process: cold (empty cache), warm (metadata
requests only) and --offline (none). Requests are counted by the stand-in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubstub import Rule, StubHub, StubRepo  # noqa: E402

CARD = "---\nlicense: {license}\nbase_model: {base}\nmodel-index:\n  - name: {name}\n---\n# {name}\n"


def build(hub: StubHub, count: int) -> list[str]:
    hub.add(
        StubRepo(
            "bench/base",
            {
                "README.md": CARD.format(
                    license="llama3.1", base="meta-llama/Llama-3.1-8B", name="Llama-3.1-Bench-Base"
                ).encode()
            },
        )
    )
    targets = []
    for i in range(count):
        repo = f"bench/model-{i}"
        license_id = ("llama3.1", "apache-2.0", "mit")[i % 3]
        hub.add(
            StubRepo(
                repo,
                {
                    "README.md": CARD.format(
                        license=license_id, base="bench/base", name=f"Llama-3.1-Bench-{i}"
                    ).encode(),
                    "config.json": b'{"model_type": "llama"}',
                    "LICENSE": b"MIT License\n\nPermission is hereby granted, free of charge, to any person "
                    b"obtaining a copy",
                    "model.safetensors": b"\0" * 64,
                },
            )
        )
        targets.append(repo)
    return targets


def run(targets: list[str], hub: StubHub, env: dict, *extra: str) -> tuple[float, int, int]:
    licheck = shutil.which("licheck")
    command = [licheck] if licheck else [sys.executable, "-m", "licheck"]
    hub.requests.clear()
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "hub", "--no-config", "--format", "json", "--fail-on", "never", *extra, *targets],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,  # the exit code is read below
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"licheck hub exited {done.returncode}: {done.stderr[:2000]}")
    return elapsed, len(hub.metadata_requests()), len(hub.file_requests())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="repositories to check")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    args = parser.parse_args()
    hub = StubHub()
    cache = tempfile.mkdtemp(prefix="licheck-hub-bench-")
    try:
        targets = build(hub, args.n)
        if args.latency:
            hub.rules.append(Rule("/", status=0, delay=args.latency, times=None))
        env = {**os.environ, "HF_ENDPOINT": hub.url, "LICHECK_CACHE_DIR": cache, "HF_HOME": cache}
        env.pop("HF_TOKEN", None)
        print(f"{args.n} repositories, {args.latency * 1000:.0f} ms per answer")
        for label, extra in (("cold", ()), ("warm", ()), ("offline", ("--offline",))):
            elapsed, metadata, files = run(targets, hub, env, *extra)
            print(
                f"{label:>8}: {elapsed:6.2f} s, {args.n / elapsed:7.1f} repos/s, "
                f"{metadata} metadata and {files} file requests"
            )
    finally:
        hub.stop()
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
