"""Build src/licheck/policy/iso3166.json, the ISO 3166-1 country list `--territory` is checked against.

Usage: python scripts/build_iso3166.py [--check]

The list comes from pycountry (which packages Debian's iso-codes, kept current with the ISO 3166
maintenance agency's changes). licheck does not depend on pycountry at run time: the list is
bundled, and tests/test_territory.py compares it with the installed pycountry, so a stale list fails
the tests. With --check, exit 1 if the committed file differs from what pycountry gives.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "licheck" / "policy" / "iso3166.json"


def build() -> str:
    import pycountry

    countries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        # Every name a user may write instead of the code, for did-you-mean: the ISO short name first.
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        countries.append(
            {"alpha_2": country.alpha_2, "alpha_3": country.alpha_3, "names": list(dict.fromkeys(filter(None, names)))}
        )
    header = {
        "source": f"pycountry {importlib.metadata.version('pycountry')} (ISO 3166-1)",
        "generator": "scripts/build_iso3166.py",
    }
    # One country per line: a change of the standard reads as a one-line diff.
    lines = [json.dumps(c, ensure_ascii=False) for c in countries]
    head = json.dumps(header, ensure_ascii=False)[1:-1]
    return "{" + head + ', "countries": [\n' + ",\n".join(lines) + "\n]}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    args = parser.parse_args()
    text = build()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python scripts/build_iso3166.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(json.loads(text)['countries'])} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
