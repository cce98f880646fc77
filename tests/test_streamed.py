"""Reports written as the results come (text, JSON, JSON Lines) are the reports rendered from a whole run."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli
from licheck.formats import render
from licheck.pipeline import scan_paths
from licheck.policy import Policy

EXAMPLES = "examples"


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def streamed(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["scan", "--no-config", *args, EXAMPLES], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    ("output_format", "quiet"), [("text", False), ("text", True), ("json", False), ("jsonl", False)]
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_streamed_report_is_the_whole_run_s_report(catalog, output_format, quiet, jobs):
    """Also when workers render each result where they checked it (--jobs 2; one process where fork is missing)."""
    whole = render(scan_paths([EXAMPLES], catalog, Policy()), output_format, findings_only=quiet)
    code, out = streamed("--format", output_format, "--jobs", jobs, *(["--quiet"] if quiet else []))
    assert code == 1
    assert out == whole


def test_a_streamed_report_written_to_a_file_is_replaced_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the previous report")
    code, out = streamed("--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert len(json.loads(target.read_text())["results"]) == 6
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left
