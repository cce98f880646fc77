"""--format jsonl: one result per line, the same objects as the JSON envelope's results."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli


def run(*args: str) -> str:
    return CliRunner().invoke(cli, ["scan", "--no-config", *args], catch_exceptions=False).stdout


def test_each_line_is_a_result_of_the_json_envelope_then_errors():
    examples = str(ROOT / "examples")
    envelope = json.loads(run("--format", "json", examples, "/no/such/folder"))
    lines = [json.loads(line) for line in run("--format", "jsonl", examples, "/no/such/folder").splitlines()]
    assert lines[:-1] == envelope["results"]
    assert lines[-1] == {"error": envelope["errors"][0]}


def test_a_run_with_no_result_is_still_a_json_envelope():
    envelope = json.loads(run("--format", "json", "/no/such/folder"))
    assert envelope["results"] == [] and envelope["errors"][0]["target"] == "/no/such/folder"
