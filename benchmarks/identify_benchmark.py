"""licheck's license-text identification side by side with ScanCode's: top-1 accuracy, files per
second and start-up time, on the reference texts of ../shared/licenses and their mutations.

Usage:
  python -m venv /tmp/scancode-env
  /tmp/scancode-env/bin/pip install scancode-toolkit-mini 'pluggy<1.6'   # ScanCode's plugins break with newer pluggy
  python benchmarks/identify_benchmark.py --scancode-python /tmp/scancode-env/bin/python [--sample N]

Cases: every reference text, and each of its formatting changes (rewrapped, CRLF, smart quotes,
Markdown, title removed, copyright line prepended), all of which must be identified as the
original license and version; and each substantial change (30% of the words replaced, halves
swapped), which licheck must not call an exact match. Both tools read the same files from disk,
one file at a time in one process. ScanCode's answer is its largest match, mapped to a licheck id
through the rule files' ScanCode keys; "same license" also accepts another edition of it.
Without --scancode-python only licheck is measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_mutations import formatting_changes, substantial_changes  # noqa: E402

from licheck.catalog.catalog import Catalog  # noqa: E402


def build_cases(licenses: Path, catalog: Catalog, workdir: Path, sample: int | None) -> list[dict]:
    entries = json.loads((ROOT / "rules" / "fingerprints.json").read_text(encoding="utf-8"))["entries"]
    if sample:
        entries = entries[:: max(1, len(entries) // sample)][:sample]
    cases = []
    for entry in entries:
        text = (licenses / entry["reference"]).read_text(encoding="utf-8")
        lic = catalog.get(entry["license"])
        group = "model" if lic.spdx_id is None else "classic"
        variants = {"original": text, **formatting_changes(text)}
        for name, body in [*variants.items(), *substantial_changes(text).items()]:
            path = workdir / f"{len(cases):04d}-{entry['reference'][:-4]}-{name}.txt"
            path.write_bytes(body.encode("utf-8"))
            cases.append(
                {"path": str(path), "expected": lic.id, "group": group, "mutation": name, "positive": name in variants}
            )
    return cases


def run_licheck(cases: list[dict], catalog: Catalog) -> tuple[dict, float]:
    catalog.identify_text("warm up")  # the fingerprint index loads on first use
    answers, began = {}, time.perf_counter()
    for case in cases:
        result = catalog.identify_text(Path(case["path"]).read_text(encoding="utf-8", errors="replace"))
        answers[case["path"]] = (result.best.license_id, result.best.grade) if result.best else (None, None)
    return answers, time.perf_counter() - began


def licheck_startup() -> float:
    """A fresh process: import, load and validate the rule set, identify one text."""
    code = "from licheck.catalog.catalog import Catalog; Catalog.load().identify_text('MIT License')"
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src")})
    return time.perf_counter() - began


def run_scancode(python: str, cases: list[dict], workdir: Path) -> tuple[dict, float, float]:
    manifest = workdir / "manifest.json"
    manifest.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    runner = Path(__file__).resolve().parent / "scancode_runner.py"
    out = subprocess.run([python, str(runner), str(manifest)], check=True, capture_output=True, text=True)
    data = json.loads(out.stdout)
    seconds = sum(r["seconds"] for r in data["results"].values())
    return data["results"], seconds, data["startup_seconds"]


def scancode_answer(keys: list[str], by_key: dict[str, str]) -> str | None:
    if not keys:
        return None
    first = keys[0].split()[0]  # an expression's first key: the largest match's license
    return by_key.get(first, f"scancode:{first}")


def score(cases: list[dict], answer, catalog: Catalog) -> dict:
    positives = [c for c in cases if c["positive"]]
    scancode_knows = [c for c in positives if catalog.get(c["expected"]).scancode_key]

    def share(selected, same_license=False):
        hits = [
            c
            for c in selected
            if answer(c) == c["expected"] or (same_license and answer(c) and catalog.related(answer(c), c["expected"]))
        ]
        return len(hits) / len(selected) if selected else 0.0

    return {
        "top1_all": share(positives),
        "top1_model": share([c for c in positives if c["group"] == "model"]),
        "top1_classic": share([c for c in positives if c["group"] == "classic"]),
        "top1_licenses_scancode_knows": share(scancode_knows),
        "same_license_all": share(positives, same_license=True),
        "wrong_answers": dict(
            Counter(f"{c['expected']} -> {answer(c)}" for c in positives if answer(c) != c["expected"]).most_common()
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licenses", type=Path, default=ROOT.parent / "shared" / "licenses")
    parser.add_argument("--scancode-python", help="Python of an environment with scancode-toolkit-mini")
    parser.add_argument("--sample", type=int, help="use only N reference texts (a quick run)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    catalog = Catalog.load()
    with tempfile.TemporaryDirectory(prefix="licheck-identify-") as tmp:
        workdir = Path(tmp)
        cases = build_cases(args.licenses, catalog, workdir, args.sample)
        answers, seconds = run_licheck(cases, catalog)
        negatives = [c for c in cases if not c["positive"]]
        false_exact = sum(1 for c in negatives if answers[c["path"]] == (c["expected"], "exact"))
        report = {
            "cases": len(cases),
            "licenses": len({c["expected"] for c in cases}),
            "licheck": {
                **score(cases, lambda c: answers[c["path"]][0], catalog),
                "files_per_second": len(cases) / seconds,
                "startup_seconds": licheck_startup(),
                "substantial_changes_called_exact": f"{false_exact}/{len(negatives)}",
            },
        }
        if args.scancode_python:
            by_key = {lic.scancode_key: lic.id for lic in catalog.licenses.values() if lic.scancode_key}
            results, sc_seconds, sc_startup = run_scancode(args.scancode_python, cases, workdir)
            report["scancode"] = {
                **score(cases, lambda c: scancode_answer(results[c["path"]]["keys"], by_key), catalog),
                "files_per_second": len(cases) / sc_seconds,
                "startup_seconds": sc_startup,
                "known_references": sum(1 for r in {c["expected"] for c in cases} if catalog.get(r).scancode_key),
            }
            report["speedup"] = report["licheck"]["files_per_second"] / report["scancode"]["files_per_second"]
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
