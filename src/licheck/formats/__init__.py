"""Renderers of a Report. Each module exposes `render(report) -> str` and knows no license rules.

Modules are imported on first use, so a text run never pays for the CycloneDX library.
"""

from __future__ import annotations

import importlib

from licheck.report import Report

FORMATS = {
    "text": "licheck.formats.text",
    "json": "licheck.formats.json_format",
    "jsonl": "licheck.formats.jsonl",
    "sarif": "licheck.formats.sarif",
    "markdown": "licheck.formats.markdown",
    "github": "licheck.formats.github",
    "cyclonedx": "licheck.formats.cyclonedx",
    "spdx3": "licheck.formats.spdx3",
    "notice": "licheck.formats.notice",
}


def render(report: Report, name: str, colour: bool = False) -> str:
    module = importlib.import_module(FORMATS[name])
    rendered: str = module.render(report, colour=colour) if name == "text" else module.render(report)
    return rendered
