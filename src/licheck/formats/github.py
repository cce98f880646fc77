"""GitHub Actions workflow commands: one annotation per open finding, on the file and line it concerns.

Accepted findings are not annotated (they are in the other formats); expired ones are.
"""

from __future__ import annotations

from licheck.printable import one_line
from licheck.report import Report
from licheck.vocabulary import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """Escape a command's message, as the runner decodes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a command's property value: also ':' and ',' which separate properties."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for result in report.results:
        for f in result.open_findings:
            location = result.file_location(f)
            properties = [f"file={_property(one_line(location.path))}"]
            if location.line:
                properties.append(f"line={location.line}")
            properties.append(f"title={_property(f'{f.code} {f.name}')}")
            # Each part on one line of its own (a value's newline or ESC never reaches the log as such);
            # the runner turns the escaped newlines between the parts back into lines of the annotation.
            message = f"{one_line(result.path)}: {one_line(f.message)}\nfix: {one_line(f.fix)}"
            if f.acceptance:
                message += f"\nthe exception at {one_line(f.acceptance.source)} expired on {f.acceptance.expires}"
            lines.append(f"::{COMMANDS[f.severity]} {','.join(properties)}::{_data(message)}")
    for failure in report.failures:
        lines.append(f"::error title=licheck::{_data(one_line(failure.message))}")
    return "".join(line + "\n" for line in lines)
