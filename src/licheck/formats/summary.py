"""The one-line summary of a run (models, errors, warnings, what was not checked): the text report's last
line, and the line licheck prints on stderr whatever the format."""

from __future__ import annotations

from dataclasses import dataclass

from licheck.report import Report


@dataclass
class Totals:
    """What the summary counts, added up one result at a time when the results are not kept."""

    models: int = 0
    errors: int = 0
    warnings: int = 0
    accepted: int = 0
    failures: int = 0
    skipped: int = 0

    def add(self, counts: tuple[int, int, int]) -> None:
        """One more model, with its errors, warnings and accepted findings (ModelResult.counts)."""
        errors, warnings, accepted = counts
        self.models += 1
        self.errors += errors
        self.warnings += warnings
        self.accepted += accepted


def summary(report: Report) -> str:
    errors, warnings, accepted = report.counts()
    return summary_of(
        Totals(len(report.results), errors, warnings, accepted, len(report.failures), len(report.skipped))
    )


def summary_of(totals: Totals) -> str:
    line = f"{totals.models} model(s) checked: {totals.errors} error(s), {totals.warnings} warning(s)"
    if totals.accepted:
        line += f", {totals.accepted} accepted"
    if totals.failures:
        line += f"; {totals.failures} target(s) could not be checked"
    if totals.skipped:
        line += f"; {totals.skipped} folder(s) skipped as no model (--format json lists each with the reason)"
    return line
