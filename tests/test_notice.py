"""`licheck notice` (golden NOTICE files for the examples) and the missing-attribution finding."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, findings, shared_text
from licheck.cli import cli

EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("example", EXAMPLES)
def test_notice_matches_golden(example):
    code, out, err = invoke("notice", "--no-config", f"examples/{example}")
    assert code == 0 and err == ""
    golden = ROOT / "tests" / "golden" / "notice" / f"{example}.txt"
    if os.environ.get("LICHECK_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def attribution_findings(folder) -> list[dict]:
    data = json.loads(invoke("scan", "--no-config", "--format", "json", folder)[1])
    return findings(data, "missing-attribution")


def test_inherited_notice_line_written_by_notice_satisfies_scan(tmp_path):
    folder = tmp_path / "medchat"
    shutil.copytree(ROOT / "examples" / "llama-relabelled-apache", folder)
    before = attribution_findings(folder)
    assert any("NOTICE file" in f["message"] and f["path"] == ["meta-llama/Llama-3.1-8B-Instruct"] for f in before)
    assert invoke("notice", "--no-config", folder, "--output", folder / "NOTICE")[0] == 0
    after = attribution_findings(folder)
    assert not [f for f in after if "NOTICE file" in f["message"]]
    assert {f["license"] for f in after} == {"apache-2.0", "llama3.1"}  # the license texts are still missing
    (folder / "LICENSE").write_text(shared_text("llama3.1.txt"))
    assert {f["license"] for f in attribution_findings(folder)} == {"apache-2.0"}


def test_a_notice_line_must_be_exact(model):
    folder = model(
        "license: gemma",
        files={
            "NOTICE": "Gemma is provided under the Gemma Terms of Use.\n",  # shortened: not the required line
            "LICENSE": shared_text("gemma.txt"),
        },
    )
    messages = [f["message"] for f in attribution_findings(folder)]
    assert len(messages) == 1 and "Gemma is provided under and subject to the Gemma Terms of Use" in messages[0]
    assert "hosted service" in messages[0]


def test_no_attribution_needed_for_cc0(model):
    assert attribution_findings(model("license: cc0-1.0")) == []
