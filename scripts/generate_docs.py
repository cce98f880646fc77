"""Generate the reference documentation from the finding registry (licheck.engine.checks) and the rule
files: docs/findings/ (an index and one page per finding code) and docs/licenses/ (the permissions
matrix, the identifier table and one card per license).

Usage: python scripts/generate_docs.py [--check]   (--check: exit 1 if a committed page is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from licheck.catalog.catalog import Catalog  # noqa: E402
from licheck.engine.checks import KINDS  # noqa: E402
from licheck.reference import findings as finding_docs  # noqa: E402
from licheck.reference import licenses as license_docs  # noqa: E402

FINDINGS = ROOT / "docs" / "findings"
LICENSES = ROOT / "docs" / "licenses"


def pages() -> dict[Path, dict[Path, str]]:
    """Each generated directory with the pages it must hold."""
    catalog = Catalog.load(ROOT / "rules")
    findings = {FINDINGS / "README.md": finding_docs.index()}
    findings.update({FINDINGS / finding_docs.page_name(kind): finding_docs.page(kind, catalog) for kind in KINDS})
    licenses = {LICENSES / "README.md": license_docs.index(catalog)}
    licenses.update({LICENSES / f"{lic.id}.md": license_docs.card(lic, catalog) for lic in catalog.licenses.values()})
    return {FINDINGS: findings, LICENSES: licenses}


if __name__ == "__main__":
    wanted = pages()
    if "--check" in sys.argv:
        stale = []
        for directory, files in wanted.items():
            present = set(directory.glob("*.md")) if directory.is_dir() else set()
            stale += [str(p) for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
            stale += [str(p) for p in present - set(files)]
        for path in stale:
            print(f"{path} is stale: run python scripts/generate_docs.py", file=sys.stderr)
        sys.exit(1 if stale else 0)
    for directory, files in wanted.items():
        directory.mkdir(parents=True, exist_ok=True)
        for path in set(directory.glob("*.md")) - set(files):
            path.unlink()
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        print(f"wrote {len(files)} pages to {directory.relative_to(ROOT)}")
