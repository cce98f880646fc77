"""Build rules/fingerprints.json from the reference license texts.

Usage: python scripts/build_fingerprints.py [--licenses ../shared/licenses] [--check]

Each rule file lists the reference texts it is identified by (text.references). Only hashes of
word shingles are written; the texts themselves never enter the project.
With --check, exit 1 if the committed file differs from what the texts give (used by the tests).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from licheck.catalog.fingerprint import FORMAT_VERSION, SHINGLE, encode_hashes, shingle_sequence  # noqa: E402
from licheck.catalog.loader import load_rules  # noqa: E402


def build(licenses_dir: Path, rules: Path) -> dict:
    licenses = load_rules(rules).licenses
    entries = []
    missing = []
    for lic in sorted(licenses.values(), key=lambda item: item.id):
        for reference in lic.references:
            path = licenses_dir / reference
            if not path.is_file():
                missing.append(f"{lic.file}: reference text {reference} not found in {licenses_dir}")
                continue
            sequence = shingle_sequence(path.read_text(encoding="utf-8"))
            entries.append({"license": lic.id, "reference": reference, "hashes": encode_hashes(sequence)})
    if missing:
        raise SystemExit("\n".join(missing))
    return {
        "format": FORMAT_VERSION,
        "shingle": SHINGLE,
        "built_from": "shared/licenses (see its SOURCES.md); word 5-gram CRC-32 hashes in text order, no text",
        "entries": entries,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licenses", type=Path, default=ROOT.parent / "shared" / "licenses")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    args = parser.parse_args()
    target = args.rules / "fingerprints.json"
    rendered = json.dumps(build(args.licenses, args.rules), indent=1) + "\n"
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != rendered:
            print(f"{target} is stale: run python scripts/build_fingerprints.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(rendered, encoding="utf-8")
    print(f"wrote {target} ({len(json.loads(rendered)['entries'])} reference texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
