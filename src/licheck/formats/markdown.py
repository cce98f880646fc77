"""Markdown for a pull-request comment or a job summary: a verdict, a table of models, then one
section per model with its findings, its lineage as a Mermaid graph, and obligations and accepted
findings collapsed."""

from __future__ import annotations

import html
import re

from licheck.formats.mermaid import lineage_graph
from licheck.printable import one_line
from licheck.report import ModelResult, Report
from licheck.vocabulary import Severity

_MARKUP = re.compile(r"([\\\[\]|])")  # a code span cannot leave its cell or line, so backticks stay
_MARK = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def _cell(text: str) -> str:
    """Text safe in a table cell or a heading: no pipe ends the cell, no newline ends the row, and no
    tag or link opens (a card's values reach here)."""
    text = _MARKUP.sub(r"\\\1", html.escape(text, quote=False))
    return "<br>".join(one_line(part) for part in text.replace("\r", " ").split("\n"))  # ESC, OSC: shown


def _code(text: str) -> str:
    """A code span: shown literally, but on one line (a newline would end the table row it sits in)."""
    return f"`{one_line(text).replace('`', 'ʼ')}`"


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
    if result.lineage:  # open: the graph is the part of the report a reviewer looks at first
        lines += ["", "<details open><summary>Lineage</summary>", "", *lineage_graph(result), "", "</details>"]
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
