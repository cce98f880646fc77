"""Human-readable report: one block per model, findings first, then obligations and lineage."""

from __future__ import annotations

from typing import Any

import click

from licheck.formats.summary import summary
from licheck.lineage import tree_order
from licheck.printable import one_line
from licheck.report import ModelResult, Report
from licheck.vocabulary import Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _block(result: ModelResult, colour: bool, findings_only: bool) -> list[str]:
    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if colour else text

    commit = f" @ {result.commit}" if result.commit else ""
    lines = [style(one_line(f"{result.path}{commit}"), bold=True) + one_line(f"  (model name: {result.name})")]

    def add(line: str) -> None:
        """A line of the block: values from the repository never add a line, a colour or a title."""
        lines.append(one_line(line))

    declared = ", ".join(
        dict.fromkeys(e.license + ("" if e.identified else " (unidentified)") for e in result.declared)
    )
    declared = declared or "none"
    detected = ", ".join(dict.fromkeys(e.license for e in result.detected)) or "none"
    if not findings_only:
        concluded = ", ".join(result.concluded_ids) or "none"
        add(f"  licenses: declared {declared}; detected {detected}; concluded {concluded}")
    if result.lineage and not findings_only:
        add("  lineage:")
        for a in tree_order(result.lineage):
            relation = f" [{a.relation}]" if a.relation else ""
            licenses = ", ".join(a.licenses) if a.licenses else a.status
            detail = f" ({a.detail})" if a.detail else ""
            kinds = ", ".join(dict.fromkeys(e.kind for e in a.evidence))
            inferred = f" (inferred from {kinds}: {a.strength} evidence; not declared)" if a.inferred else ""
            add("    " + "  " * (a.depth - 1) + f"└─ {a.model_id}{relation}: {licenses}{detail}{inferred}")
    if result.open_findings:
        add("  findings:")
        for f in result.open_findings:
            tag = style(f"{f.severity:<7}", fg=_COLOURS[f.severity], bold=f.severity is Severity.ERROR)
            where = f" at {f.location}" if f.location else ""
            cite = f" [{f.license} {f.citation}]" if f.license and f.citation else ""
            lines.append(f"    {tag} " + one_line(f"{f.code} {f.name}{where}{cite}"))
            add(f"            {f.message}")
            add(f"            fix: {f.fix}")
            if f.acceptance:  # open despite an exception: it has expired
                add(
                    f"            the exception at {f.acceptance.source} expired on {f.acceptance.expires}: "
                    f"{f.acceptance.reason}"
                )
    if findings_only:
        return lines
    if result.accepted_findings:
        add("  accepted (exceptions in force):")
        for f in result.accepted_findings:
            if (accepted := f.acceptance) is not None:
                until = f" until {accepted.expires}" if accepted.expires else ""
                add(f"    {f.severity:<7} {f.code} {f.name} — {accepted.reason} ({accepted.source}{until})")
    if result.requirements:
        add("  obligations:")
        for o in result.requirements:
            condition = f" ({o.condition})" if o.condition else ""
            add(f"    - [{o.license} {o.citation}] {o.kind}: {o.text}{condition}")
    return lines


def block(result: ModelResult, colour: bool = False, findings_only: bool = False) -> str | None:
    """One model's block, or None when `findings_only` and it has no open finding."""
    if findings_only and not result.open_findings:
        return None
    return "\n".join(_block(result, colour, findings_only)) + "\n"


def render(report: Report, colour: bool = False, findings_only: bool = False) -> str:
    """Every model's block and the summary; with `findings_only` (--quiet), the open findings of the
    models that have some, and no summary. Blocks are separated by an empty line."""
    blocks = [b for b in (block(r, colour, findings_only) for r in report.results) if b is not None]
    if findings_only:
        return "\n".join(blocks)
    return "".join(b + "\n" for b in blocks) + summary(report) + "\n"
