"""Generate docs/findings/ (an index and one page per finding code) from the finding registry
(licheck.engine.codes) and the rule files.

Usage: python scripts/generate_docs.py [--check]   (--check: exit 1 if a committed page is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from licheck.catalog.catalog import Catalog  # noqa: E402
from licheck.engine.codes import KINDS  # noqa: E402
from licheck.finding_docs import index, page, page_name  # noqa: E402

TARGET = ROOT / "docs" / "findings"


def pages() -> dict[Path, str]:
    catalog = Catalog.load(ROOT / "rules")
    wanted = {TARGET / "README.md": index()}
    wanted.update({TARGET / page_name(kind): page(kind, catalog) for kind in KINDS})
    return wanted


if __name__ == "__main__":
    wanted = pages()
    if "--check" in sys.argv:
        present = set(TARGET.glob("*.md")) if TARGET.is_dir() else set()
        stale = [str(p) for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        stale += [str(p) for p in present - set(wanted)]
        for path in stale:
            print(f"{path} is stale: run python scripts/generate_docs.py", file=sys.stderr)
        sys.exit(1 if stale else 0)
    TARGET.mkdir(parents=True, exist_ok=True)
    for path in set(TARGET.glob("*.md")) - set(wanted):
        path.unlink()
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(wanted)} pages to {TARGET}")
