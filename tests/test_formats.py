"""SARIF (validated against the official schema), Markdown, GitHub annotations and --output."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, assert_valid
from licheck.cli import cli
from licheck.engine.checks import KINDS

EXAMPLES = "examples"  # relative, as CI passes paths: SARIF keeps them relative to the checkout


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sarif(*args):
    code, out, _ = run("scan", "--no-config", "--format", "sarif", *args)
    return code, json.loads(out)


def test_sarif_is_valid_and_locates_findings_on_the_card_line(sarif_validator):
    code, document = sarif(EXAMPLES)
    assert code == 1
    assert_valid(sarif_validator, document)
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [k.code for k in KINDS]
    assert all(r["help"]["markdown"] and r["name"] for r in rules)
    naming = [r for r in run_["results"] if r["ruleId"] == "LC009"]
    assert len(naming) == 1
    location = naming[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "examples/llama-relabelled-apache/README.md",
        "uriBaseId": "%SRCROOT%",
    }
    card = (ROOT / EXAMPLES / "llama-relabelled-apache" / "README.md").read_text().splitlines()
    assert "name:" in card[location["region"]["startLine"] - 1]  # the model-index name line
    assert rules[naming[0]["ruleIndex"]]["id"] == "LC009"


def test_sarif_written_when_clean_and_for_unreachable_targets(sarif_validator, model):
    code, document = sarif(model("license: cc0-1.0", name="public-domain"))
    assert code == 0 and document["runs"][0]["results"] == []
    assert_valid(sarif_validator, document)
    code, document = sarif("no/such/dir")
    assert code == 2
    assert_valid(sarif_validator, document)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_findings_located_on_the_command_line_are_anchored_on_the_card(sarif_validator):
    _, document = sarif("--model-name", "MedChat", f"{EXAMPLES}/llama31-finetune")
    naming = next(r for r in document["runs"][0]["results"] if r["ruleId"] == "LC009")
    assert (
        naming["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/llama31-finetune/README.md"
    )


def test_sarif_fingerprints_survive_moved_lines(tmp_path, monkeypatch):
    folder = tmp_path / "m"
    shutil.copytree(ROOT / EXAMPLES / "llama-relabelled-apache", folder)
    monkeypatch.chdir(tmp_path)
    before = {r["ruleId"]: r["partialFingerprints"] for r in sarif("m")[1]["runs"][0]["results"]}
    card = folder / "README.md"
    card.write_text(card.read_text().replace("---\n", "---\ntags: [medical]\n", 1))
    after = sarif("m")[1]["runs"][0]["results"]
    assert {r["ruleId"]: r["partialFingerprints"] for r in after} == before
    assert after[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 1


def test_sarif_suppression_for_accepted_findings(sarif_validator, tmp_path, monkeypatch):
    shutil.copytree(ROOT / EXAMPLES / "no-license", tmp_path / "m")
    (tmp_path / ".licheck.yaml").write_text("exceptions:\n- {code: LC001, path: m, reason: internal prototype}\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("scan", "--format", "sarif", "m")
    document = json.loads(out)
    assert code == 0
    assert_valid(sarif_validator, document)
    suppression = document["runs"][0]["results"][0]["suppressions"][0]
    assert suppression["kind"] == "external" and suppression["justification"].startswith("internal prototype")


def test_markdown_pull_request_comment(model):
    code, out, _ = run("scan", "--no-config", "--format", "markdown", EXAMPLES)
    assert code == 1
    assert out.startswith("## ❌ licheck found license problems")
    assert "| `examples/llama-relabelled-apache` | apache-2.0, llama3.1 | 2 | 3 | 0 |" in out
    assert "<details><summary>Obligations" in out and "</details>" in out
    assert "### ⚠️ `examples/apache-clean`" in out  # ships no copy of the Apache License
    assert "### ✅ `examples/no-license`" not in out
    clean = run("scan", "--no-config", "--format", "markdown", model("license: cc0-1.0", name="pd"))[1]
    assert clean.startswith("## ✅ licheck: compliant")


def test_markdown_escapes_table_cells(model):
    folder = model("license: mit\nmodel-index:\n  - name: a|b", name="pipes")
    out = run("scan", "--no-config", "--format", "markdown", "--model-name", "x|y\nz", folder)[1]
    assert "x\\|y<br>z" in out


def test_github_annotations(model):
    folder = model("license: 'weird%license'", name="odd")
    _code, out, _ = run("scan", "--no-config", "--format", "github", folder)
    line = next(li for li in out.splitlines() if "LC002" in li)
    assert line.startswith(f"::warning file={folder}/README.md,line=2,title=LC002 unknown-license::")
    assert "weird%25license" in line and "%0Afix: " in line and "\n" not in line
    _, out, _ = run("scan", "--no-config", "--format", "github", "no/such/dir")
    assert out.startswith("::error title=licheck::no/such/dir")


def test_output_file_is_always_written(tmp_path):
    target = tmp_path / "reports" / "licheck.sarif"
    code, out, _ = run("scan", "--no-config", "--format", "sarif", "--output", target, ROOT / EXAMPLES / "apache-clean")
    assert code == 0 and out == "" and json.loads(target.read_text())["version"] == "2.1.0"
    code, _, err = run("scan", "--no-config", "--output", tmp_path, ROOT / EXAMPLES / "apache-clean")
    assert code == 2 and "Traceback" not in err
