"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).

One reporting descriptor per finding code, from the finding registry; one result per finding,
located at the file and line of the card (or config, header, license file) it concerns, so a code
scanning view annotates that exact line. Accepted findings carry an external suppression with the
exception's reason. Results have a partial fingerprint that does not move with line numbers.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any
from urllib.parse import quote

from licheck import __version__
from licheck.engine.checks import KINDS
from licheck.findings import Finding, FindingKind
from licheck.report import ModelResult, Report
from licheck.vocabulary import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_RULE_INDEX = {kind.code: index for index, kind in enumerate(KINDS)}


def _rule(kind: FindingKind) -> dict[str, Any]:
    help_text = f"{kind.summary}\n\nWhy: {kind.why}\n\nFix: {kind.fix}\n\nTo accept it: {kind.accept_hint}"
    help_markdown = (
        f"{kind.summary}\n\n**Why.** {kind.why}\n\n**Fix.** {kind.fix}\n\n"
        f"**To accept it.** {kind.accept_hint}\n\nRun `licheck explain {kind.code}` for the clauses it rests on."
    )
    return {
        "id": kind.code,
        "name": kind.name,
        "shortDescription": {"text": kind.summary},
        "fullDescription": {"text": kind.why},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[kind.severity]},
        "properties": {"tags": ["license", "compliance"], "precision": "high"},
    }


def _uri(path: str) -> dict[str, str]:
    """A relative path stays relative to the checkout (%SRCROOT%); an absolute one becomes a file URI."""
    posix = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return {"uri": "file://" + quote(posix)}
    return {"uri": quote(posix.removeprefix("./")), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, result: ModelResult) -> dict[str, Any]:
    anchor = result.file_location(finding)
    physical: dict[str, Any] = {"artifactLocation": _uri(anchor.path)}
    if anchor.line:
        physical["region"] = {"startLine": anchor.line}
    identity = "\x1f".join([finding.code, anchor.path, finding.license or "", *finding.path, finding.message])
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": _RULE_INDEX[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"licheckFinding/v1": hashlib.sha256(identity.encode()).hexdigest()},
        "properties": {
            "model": result.name,
            "modelPath": result.path,
            "commit": result.commit,
            "license": finding.license,
            "citation": finding.citation,
            "lineagePath": list(finding.path),
        },
    }
    if finding.acceptance and not finding.acceptance.expired:
        entry["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{finding.acceptance.reason} ({finding.acceptance.source})",
            }
        ]
    return entry


def render(report: Report) -> str:
    run = {
        "tool": {
            "driver": {
                "name": "licheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(kind) for kind in KINDS],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.failures,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": f.message}} for f in report.failures
                ],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, r) for r in report.results for f in r.findings],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
