"""JSON Lines: one model's result per line, as the JSON envelope's `results` hold it, so that a run over
many models can be read (and written) one result at a time. A target that could not be checked is a
line `{"error": {...}}`, a folder skipped as no model a line `{"skipped": {...}}` (docs/json-format.md)."""

from __future__ import annotations

from collections.abc import Sequence

from licheck.formats.json_format import encode, result_line
from licheck.report import ModelResult, Report, SkippedFolder, TargetFailure


def result(r: ModelResult) -> str:
    return result_line(r) + "\n"


def tail(failures: Sequence[TargetFailure], skipped: Sequence[SkippedFolder]) -> str:
    lines = [encode({"error": {"target": f.target, "message": f.message}}) + "\n" for f in failures]
    lines += [encode({"skipped": {"path": s.path, "reason": s.reason}}) + "\n" for s in skipped]
    return "".join(lines)


def render(report: Report) -> str:
    return "".join(map(result, report.results)) + tail(report.failures, report.skipped)
