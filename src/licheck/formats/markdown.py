"""Markdown for a pull-request comment or a job summary: a verdict, a table of models, then one
section per model with its findings, and obligations, lineage and accepted findings collapsed."""

from __future__ import annotations

from licheck.lineage import tree_order
from licheck.report import ModelResult, Report
from licheck.vocabulary import Severity

_MARK = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def _cell(text: str) -> str:
    """Text safe inside a table cell: no pipe ends the cell, no newline ends the row."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")


def _code(text: str) -> str:
    return f"`{text.replace('`', 'ʼ')}`"


def _licenses(result: ModelResult) -> str:
    return ", ".join(result.concluded_ids) or "none"


def _model_section(result: ModelResult) -> list[str]:
    errors, warnings, _ = result.counts()
    verdict = "❌" if errors else "⚠️" if warnings else "✅"
    commit = f" at commit {_code(result.commit)}" if result.commit else ""
    lines = [
        "",
        f"### {verdict} {_code(result.path)} — {_cell(result.name)}",
        "",
        f"Licenses: {_cell(_licenses(result))}{commit}",
    ]
    if result.open_findings:
        lines += ["", "| | code | where | finding | fix |", "|---|---|---|---|---|"]
        for f in result.open_findings:
            where = _code(str(f.location)) if f.location else ""
            cite = f" ({f.license} {f.citation})" if f.license and f.citation else ""
            expired = (
                f"<br>*The exception at {_cell(f.acceptance.source)} expired on {f.acceptance.expires}.*"
                if f.acceptance
                else ""
            )
            lines.append(
                f"| {_MARK[f.severity]} {f.severity} | {f.code} {f.name} | {where} | "
                f"{_cell(f.message)}{_cell(cite)}{expired} | {_cell(f.fix)} |"
            )
    accepted = result.accepted_findings
    if accepted:
        lines += ["", f"<details><summary>Accepted findings ({len(accepted)})</summary>", ""]
        lines += [
            f"- {f.code} {f.name}: {e.reason} ({_code(e.source)}" + (f", until {e.expires})" if e.expires else ")")
            for f in accepted
            if (e := f.acceptance)
        ]
        lines += ["", "</details>"]
    if result.requirements:
        lines += ["", f"<details><summary>Obligations ({len(result.requirements)})</summary>", ""]
        for o in result.requirements:
            condition = f" *({o.condition})*" if o.condition else ""
            lines.append(f"- **{o.kind}** [{o.license} {o.citation}]: {o.text}{condition}")
        lines += ["", "</details>"]
    if result.lineage:
        lines += ["", "<details><summary>Lineage</summary>", ""]
        for a in tree_order(result.lineage):
            licenses = ", ".join(a.licenses) if a.licenses else a.status
            relation = f" ({a.relation})" if a.relation else ""
            lines.append("  " * (a.depth - 1) + f"- {_code(a.model_id)}{relation}: {licenses}")
        lines += ["", "</details>"]
    return lines


def render(report: Report) -> str:
    errors, warnings, accepted = report.counts()
    verdict = (
        "❌ licheck found license problems"
        if errors
        else "⚠️ licheck found warnings"
        if warnings
        else "✅ licheck: compliant"
    )
    summary = f"{len(report.results)} model(s) checked: {errors} error(s), {warnings} warning(s)"
    if accepted:
        summary += f", {accepted} accepted"
    lines = [f"## {verdict}", "", summary + "."]
    if report.failures:
        lines += ["", f"**{len(report.failures)} target(s) could not be checked:**", ""]
        lines += [f"- {_code(f.target)}: {f.message}" for f in report.failures]
    if report.results:
        lines += ["", "| model | licenses | errors | warnings | accepted |", "|---|---|---|---|---|"]
        for result in report.results:
            e, w, a = result.counts()
            lines.append(f"| {_code(result.path)} | {_cell(_licenses(result))} | {e} | {w} | {a} |")
    for result in report.results:
        lines += _model_section(result)
    return "\n".join(lines) + "\n"
