"""What an audit says about a collection as a whole, added up one result at a time: models per declared
license, findings per kind, each lineage family with the share of its derivatives whose declaration
drops the base's terms, and the most frequent relabellings (declared → inherited). Rendered as text,
or as Markdown with charts GitHub renders (Mermaid `pie` and `xychart-beta`).

Every label comes from licheck's own vocabulary (catalog ids and families, finding names): a value
that only the card wrote (an unidentified license) is counted as `unidentified`, never shown."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from licheck.catalog.catalog import Catalog
from licheck.report import ModelResult

CONFLICT = "base-license-conflict"
SHOWN = 10  # rows of each table; the rest are counted together


@dataclass
class Family:
    derivatives: int = 0
    dropping: int = 0  # derivatives whose declaration drops the base's terms

    @property
    def share(self) -> float:
        return self.dropping / self.derivatives if self.derivatives else 0.0


@dataclass(frozen=True)
class Counted:
    """What one result adds to the summary: small, so a worker sends it to the run instead of the result."""

    licenses: tuple[str, ...]
    findings: tuple[str, ...]
    families: tuple[tuple[str, bool], ...]  # each family the model derives from, and whether it drops its terms
    relabellings: tuple[tuple[str, str], ...]  # declared -> inherited, one per conflict


def counted(result: ModelResult, catalog: Catalog) -> Counted:
    def family(license_id: str) -> str:
        lic = catalog.get(license_id)
        return lic.family if lic else license_id

    declared = sorted({e.license if e.identified else "unidentified" for e in result.declared}) or ["none"]
    conflicts = [f.license for f in result.findings if f.name == CONFLICT and f.license]
    dropped = {family(i) for i in conflicts}
    derived = sorted({family(i) for a in result.lineage if len(a.path) == 1 for i in a.licenses})
    return Counted(
        tuple(declared),
        tuple(f"{f.code} {f.name}" for f in result.findings),
        tuple((name, name in dropped) for name in derived),
        tuple((" + ".join(declared), inherited) for inherited in conflicts),
    )


@dataclass
class AuditSummary:
    models: int = 0
    licenses: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    families: dict[str, Family] = field(default_factory=dict)
    relabellings: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, counts: Counted) -> None:
        self.models += 1
        self.licenses.update(counts.licenses)
        self.findings.update(counts.findings)
        for name, dropping in counts.families:
            family = self.families.setdefault(name, Family())
            family.derivatives += 1
            family.dropping += dropping
        self.relabellings.update(counts.relabellings)


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    rows = counter.most_common(SHOWN)
    rest = sum(counter.values()) - sum(n for _, n in rows)
    return rows + ([("(others)", rest)] if rest else [])


def _families(summary: AuditSummary) -> list[tuple[str, Family]]:
    return sorted(summary.families.items(), key=lambda item: (-item[1].derivatives, item[0]))[:SHOWN]


def render_text(summary: AuditSummary) -> str:
    lines = [f"{summary.models:,} model(s) audited", "", "models per declared license:"]
    lines += [f"  {n:>9,}  {name}" for name, n in _top(summary.licenses)]
    lines += ["", "findings per kind:"]
    lines += [f"  {n:>9,}  {name}" for name, n in _top(summary.findings)]
    lines += ["", "lineage families (derivatives of a base under the family; share whose declaration drops its terms):"]
    lines += [f"  {f.derivatives:>9,}  {f.share:6.1%}  {name}" for name, f in _families(summary)]
    lines += ["", "most frequent relabellings (declared -> inherited):"]
    lines += [
        f"  {n:>9,}  {declared} -> {inherited}" for (declared, inherited), n in summary.relabellings.most_common(SHOWN)
    ]
    return "\n".join(lines) + "\n"


def render_markdown(summary: AuditSummary) -> str:
    licenses, findings, families = _top(summary.licenses), _top(summary.findings), _families(summary)
    out = [f"# licheck audit: {summary.models:,} models", "", "## Models per declared license", ""]
    out += ["```mermaid", "pie showData", *(f'    "{name}" : {n}' for name, n in licenses), "```", ""]
    out += ["| license | models |", "|---|---:|", *(f"| `{name}` | {n:,} |" for name, n in licenses), ""]
    out += ["## Findings per kind", ""]
    if findings:
        codes = ", ".join(f'"{name.split()[0]}"' for name, _ in findings)
        out += ["```mermaid", "xychart-beta", '    title "Findings per kind"', f"    x-axis [{codes}]"]
        out += ['    y-axis "findings"', f"    bar [{', '.join(str(n) for _, n in findings)}]", "```", ""]
    out += ["| finding | count |", "|---|---:|", *(f"| {name} | {n:,} |" for name, n in findings), ""]
    out += ["## Lineage families", "", "Derivatives of a base under each family, and the share whose declaration"]
    out += ["drops the base's terms (a `base-license-conflict`).", ""]
    if families:
        names = ", ".join(f'"{name}"' for name, _ in families)
        shares = ", ".join(f"{100 * f.share:.1f}" for _, f in families)
        out += ["```mermaid", "xychart-beta", '    title "Derivatives dropping their base\'s terms (%)"']
        out += [f"    x-axis [{names}]", '    y-axis "%" 0 --> 100', f"    bar [{shares}]", "```", ""]
    out += ["| family | derivatives | dropping the base's terms |", "|---|---:|---:|"]
    out += [f"| `{name}` | {f.derivatives:,} | {f.dropping:,} ({f.share:.1%}) |" for name, f in families]
    out += ["", "## Most frequent relabellings", "", "| declared | inherited | models |", "|---|---|---:|"]
    out += [f"| `{d}` | `{i}` | {n:,} |" for (d, i), n in summary.relabellings.most_common(SHOWN)]
    return "\n".join(out) + "\n"
