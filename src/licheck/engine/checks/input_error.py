"""Input licheck could not read, or read only in part (LC013): every problem the reader met."""

from __future__ import annotations

from collections.abc import Iterator

from licheck.engine.context import Context
from licheck.findings import Finding, FindingKind
from licheck.vocabulary import Severity


def _input_error(ctx: Context) -> Iterator[Finding]:
    for problem in ctx.metadata.problems:
        yield INPUT_ERROR.finding(problem.message, problem.location, severity=problem.severity, fix=problem.hint)


INPUT_ERROR = FindingKind(
    code="LC013",
    name="input-error",
    severity=Severity.ERROR,
    summary="A file could not be read, or could be read only in part.",
    why=(
        "Broken YAML, invalid JSON, unreadable headers or links out of the folder hide metadata from "
        "licheck and from the Hub alike; what could be read was still checked."
    ),
    fix="Fix the file at the location given.",
    check=_input_error,
    basis="The file formats licheck reads: YAML front matter, JSON configs, GGUF and safetensors headers.",
)
