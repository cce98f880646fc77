"""What a run prints and writes: the concise format, --quiet, several reports from one run
(--format/--output pairs, --output-dir) and the one-line summary on stderr."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli
from licheck.cli.options import REPORT_FILE_NAMES
from licheck.formats import FORMATS

EXAMPLES = ROOT / "examples"
RELABELLED = str(EXAMPLES / "llama-relabelled-apache")
CONCISE_LINE = re.compile(r"^[^\s:]+:\d+: LC\d{3} [a-z-]+ \S.*$")


def run(*args: str):
    result = CliRunner().invoke(cli, ["scan", "--no-config", *map(str, args)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_concise_is_one_line_per_open_finding_and_the_summary_on_stderr(monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = run("--format", "concise", "examples/llama-relabelled-apache", "examples/apache-clean")
    lines = out.splitlines()
    assert code == 1 and all(CONCISE_LINE.match(line) for line in lines), out
    assert lines[0].startswith(
        "examples/llama-relabelled-apache/README.md:4: LC004 base-license-conflict this model declares Apache"
    )
    assert "examples/llama-relabelled-apache/README.md:7: LC009 naming-rule the model is named 'MedChat-8B'" in out
    assert len(lines) == 6  # 2 errors and 3 warnings, 1 warning: no obligations, no lineage, no summary
    assert err == "licheck: 2 model(s) checked: 2 error(s), 4 warning(s)\n"


def test_concise_keeps_a_hostile_card_on_its_lines(model):
    folder = model(
        r"""
        license: llama3.1
        base_model: meta-llama/Llama-3.1-8B-Instruct
        model-index:
          - name: "Evil\e]0;owned\a\e[2J\nsrc/app.py:1: LC000 forged-finding all is well"
        """,
        name="evil",
    )
    code, out, _ = run("--format", "concise", folder)
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    assert all(CONCISE_LINE.match(line) for line in out.splitlines())
    assert not any(line.startswith("src/app.py") for line in out.splitlines())
    assert "Evil\\x1b]0;owned\\x07\\x1b[2J\\nsrc/app.py:1: LC000 forged-finding" in out  # shown, escaped


def test_quiet_prints_the_findings_only():
    code, out, err = run("--quiet", str(EXAMPLES))
    assert code == 1 and err == ""
    assert "obligations:" not in out and "lineage:" not in out and "model(s) checked" not in out
    assert "LC004 base-license-conflict" in out and "examples/llama31-finetune" in out
    assert "examples/apache-clean" in out  # it has a warning
    code, out, err = run("-q", "--format", "concise", str(EXAMPLES / "llama31-finetune"), "--fail-on", "error")
    assert code == 0 and err == "" and out.count("\n") == 2


def test_one_run_writes_several_reports(tmp_path):
    sarif, markdown = tmp_path / "licheck.sarif", tmp_path / "summary.md"
    code, out, err = run(
        *("--format", "sarif", "--output", sarif),
        *("--format", "markdown", "-o", markdown),
        *("--format", "concise"),  # the last, without an --output: standard output
        RELABELLED,
    )
    assert code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert (
        markdown.read_text().startswith("## ❌ licheck found license problems") and "```mermaid" in markdown.read_text()
    )
    assert out.startswith(f"{RELABELLED}/README.md:4: LC004")
    assert err == f"licheck: 1 model(s) checked: 2 error(s), 3 warning(s); written to {sarif}, {markdown}\n"


def test_output_dir_takes_every_format_without_an_output(tmp_path):
    reports = tmp_path / "reports"
    code, out, err = run("--output-dir", reports, "--format", "json", "--format", "cyclonedx", RELABELLED)
    assert code == 1 and out == ""
    assert sorted(p.name for p in reports.iterdir()) == ["licheck.cdx.json", "licheck.json"]
    assert json.loads((reports / "licheck.json").read_text())["results"][0]["name"] == "MedChat-8B"
    assert err.endswith(f"written to {reports / 'licheck.json'}, {reports / 'licheck.cdx.json'}\n")


def test_the_summary_reaches_stderr_with_output_and_a_clean_run(tmp_path):
    code, out, err = run("--output", tmp_path / "r.txt", str(EXAMPLES / "apache-clean"))
    assert code == 0 and out == ""
    assert err == f"licheck: 1 model(s) checked: 0 error(s), 1 warning(s); written to {tmp_path / 'r.txt'}\n"
    code, out, err = run(str(EXAMPLES / "apache-clean"))  # the text report ends with it: not said twice
    assert out.endswith("1 model(s) checked: 0 error(s), 1 warning(s)\n") and err == ""


@pytest.mark.parametrize(
    "args,message",
    [
        (["--format", "json", "-o", "a.json", "-o", "b.json"], "1 --format and 2 --output"),
        (["--format", "json", "--format", "sarif", "--format", "text"], "3 --format and 0 --output"),
        (["--format", "json", "-o", "same", "--format", "sarif", "-o", "same"], "to the same place"),
        (["--quiet", "--verbose"], "--quiet and --verbose"),
        (["--color", "sometimes"], "'sometimes' is not one of 'auto', 'always', 'never'"),
    ],
)
def test_output_usage_errors_exit_2_before_anything_is_written(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args, RELABELLED)
    assert code == 2 and out == "" and message in err
    assert list(tmp_path.iterdir()) == []


def test_every_format_has_a_file_name_for_output_dir():
    assert set(REPORT_FILE_NAMES) == set(FORMATS)
