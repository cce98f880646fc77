"""The one-line summary of a run (models, errors, warnings, what was not checked): the text report's last
line, and the line licheck prints on stderr whatever the format."""

from __future__ import annotations

from licheck.report import Report


def summary(report: Report) -> str:
    errors, warnings, accepted = report.counts()
    line = f"{len(report.results)} model(s) checked: {errors} error(s), {warnings} warning(s)"
    if accepted:
        line += f", {accepted} accepted"
    if report.failures:
        line += f"; {len(report.failures)} target(s) could not be checked"
    if report.skipped:
        line += f"; {len(report.skipped)} folder(s) skipped as no model (--format json lists each with the reason)"
    return line
