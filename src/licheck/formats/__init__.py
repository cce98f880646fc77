"""Renderers of a Report. Each module exposes `render(report) -> str` and knows no license rules.

Modules are imported on first use, so a text run never pays for the CycloneDX library.
"""

from __future__ import annotations

import importlib

from licheck.report import Report

FORMATS = {
    "text": "licheck.formats.text",
    "concise": "licheck.formats.concise",
    "json": "licheck.formats.json_format",
    "jsonl": "licheck.formats.jsonl",
    "sarif": "licheck.formats.sarif",
    "markdown": "licheck.formats.markdown",
    "github": "licheck.formats.github",
    "cyclonedx": "licheck.formats.cyclonedx",
    "spdx3": "licheck.formats.spdx3",
    "notice": "licheck.formats.notice",
}


COLOURED = ("text", "concise")  # the formats read on a terminal; the others are files or logs


def render(report: Report, name: str, colour: bool = False, findings_only: bool = False) -> str:
    """The report in format `name`; `findings_only` (--quiet) leaves the text report's other parts out."""
    module = importlib.import_module(FORMATS[name])
    if name == "text":
        rendered: str = module.render(report, colour=colour, findings_only=findings_only)
    elif name in COLOURED:
        rendered = module.render(report, colour=colour)
    else:
        rendered = module.render(report)
    return rendered
