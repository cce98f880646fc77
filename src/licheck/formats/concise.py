"""One line per open finding, `path:line: CODE name message`, as ruff and compilers print them: what a
pre-commit hook or an editor's problem matcher shows. Accepted findings are left out (the other formats
keep them); targets that could not be checked are said on stderr, as for every format."""

from __future__ import annotations

import click

from licheck.printable import one_line
from licheck.report import Report
from licheck.vocabulary import Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, colour: bool = False) -> str:
    lines = []
    for result in report.results:
        for f in result.open_findings:
            # Every value may come from the scanned repository: one_line keeps each finding on its own
            # line and lets no escape sequence through; colour is added around the escaped text only.
            where = one_line(str(result.file_location(f)))
            code = one_line(f"{f.code} {f.name}")
            message = one_line(f.message)
            if colour:
                where = click.style(where, bold=True)
                code = click.style(code, fg=_COLOURS[f.severity], bold=f.severity is Severity.ERROR)
            lines.append(f"{where}: {code} {message}")
    return "".join(line + "\n" for line in lines)
