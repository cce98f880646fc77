"""The GitHub Action: action.yml's wiring, and its script run locally as a runner would run it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from licheck.formats import FORMATS

SCRIPT = ROOT / "scripts" / "github-action.sh"


def test_action_passes_every_input_to_the_script():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    step = action["runs"]["steps"][0]
    assert "scripts/github-action.sh" in step["run"]
    env = step["env"]
    used = set(re.findall(r"INPUT_[A-Z_]+", SCRIPT.read_text()))
    assert used == set(env), "the script reads exactly the inputs action.yml passes"
    for name, value in env.items():
        input_name = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value).group(1)
        assert name == "INPUT_" + input_name.upper().replace("-", "_") and input_name in action["inputs"]
    assert set(action["outputs"]) == {
        *("exit-code", "models", "errors", "warnings", "accepted", "report", "reports", "sarif")
    }
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.licheck.outputs.{name} }}}}"
    assert set(re.findall(r'echo "([a-z-]+)[=<]', SCRIPT.read_text())) | {
        "models",
        "errors",
        "warnings",
        "accepted",
    } == set(action["outputs"]), "the script writes every output action.yml declares"


def test_sarif_upload_uses_codeql_v4_with_the_category_input():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    (upload,) = [s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["with"] == {"sarif_file": "${{ steps.licheck.outputs.sarif }}", "category": "${{ inputs.category }}"}
    assert "steps.licheck.outputs.sarif != ''" in upload["if"]


def read_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value lines, and name<<DELIMITER blocks."""
    outputs, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delimiter = line.split("<<", 1)
            outputs[name] = "\n".join(iter(lambda: next(lines), delimiter))
        else:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


@pytest.fixture
def runner(tmp_path):
    """Run the script with the environment a GitHub runner gives it; licheck is already installed."""
    licheck = shutil.which("licheck")
    if licheck is None:
        pytest.fail("the licheck command is not on PATH: install the project (pip install '.[test]')")

    def run(**inputs: str) -> tuple[subprocess.CompletedProcess, dict, str]:
        output, summary = tmp_path / "github_output", tmp_path / "step_summary"
        output.write_text("")
        summary.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "INPUT_INSTALL": "false",
            "PATH": f"{Path(licheck).parent}{os.pathsep}{os.environ['PATH']}",
            **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
        }
        done = subprocess.run(
            ["bash", str(SCRIPT)], cwd=ROOT, env=env, check=False, capture_output=True, text=True, timeout=120
        )
        return done, read_outputs(output.read_text()), summary.read_text()

    return run


def test_script_writes_sarif_annotations_and_summary(runner, tmp_path):
    report = tmp_path / "out" / "licheck.sarif"
    done, outputs, summary = runner(
        path="examples/llama-relabelled-apache examples/apache-clean", output=str(report), format="sarif"
    )
    assert done.returncode == 0, done.stderr  # the job is failed by action.yml, after the SARIF upload
    assert outputs == {
        "exit-code": "1",
        "report": str(report),
        "reports": str(report),
        "sarif": str(report),
        "models": "2",
        "errors": "2",
        "warnings": "4",
        "accepted": "0",
    }
    assert json.loads(report.read_text())["version"] == "2.1.0"
    assert "::error file=examples/llama-relabelled-apache/README.md,line=4,title=LC004" in done.stdout
    assert summary.startswith("## ❌ licheck found license problems") and "2 model(s) checked" in summary


def test_one_scan_writes_every_report(runner, tmp_path):
    main, bom, spdx = (
        tmp_path / "licheck.json",
        tmp_path / "boms" / "licheck.cdx.json",
        tmp_path / "licheck.spdx3.jsonld",
    )
    done, outputs, summary = runner(
        path="examples/llama-relabelled-apache",
        format="json",
        output=str(main),
        reports=f"cyclonedx {bom}\n\nspdx3 {spdx}\nsarif {tmp_path / 'code-scanning.sarif'}\n",
        args="--mau 1000 --territory DE",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("licheck: 1 model(s) checked") == 1  # one scan
    assert json.loads(main.read_text())["results"][0]["name"] == "MedChat-8B"
    assert json.loads(bom.read_text())["bomFormat"] == "CycloneDX" and "@graph" in json.loads(spdx.read_text())
    assert outputs["reports"].splitlines() == [str(main), str(bom), str(spdx), str(tmp_path / "code-scanning.sarif")]
    assert outputs["sarif"] == str(tmp_path / "code-scanning.sarif")  # the one uploaded to code scanning
    assert outputs["exit-code"] == "1" and outputs["errors"] == "2"
    assert "::error file=examples/llama-relabelled-apache/README.md,line=4,title=LC004" in done.stdout
    assert "```mermaid" in summary


def test_annotations_and_job_summary_can_be_turned_off(runner, tmp_path):
    done, outputs, summary = runner(
        path="examples/no-license", output=str(tmp_path / "r.sarif"), annotations="false", job_summary="false"
    )
    assert outputs["exit-code"] == "1" and "::error" not in done.stdout and summary == ""


def test_a_malformed_reports_line_stops_the_action(runner, tmp_path):
    done, outputs, _ = runner(path="examples/no-license", output=str(tmp_path / "r.sarif"), reports="cyclonedx")
    assert done.returncode == 1 and "one 'FORMAT FILE' pair per line" in done.stdout and outputs == {}


def test_script_fail_on_and_unreachable_target(runner, tmp_path):
    _, outputs, _ = runner(path="examples/no-license", output=str(tmp_path / "r.json"), format="json", fail_on="never")
    assert outputs["exit-code"] == "0"
    _, outputs, _ = runner(path="no/such/dir", output=str(tmp_path / "r.sarif"))
    assert outputs["exit-code"] == "2" and outputs["report"]  # the SARIF still says what failed
    assert outputs["models"] == "0" and outputs["sarif"] == outputs["report"]


def test_example_workflow_uses_only_inputs_the_action_has():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    step = next(s for s in workflow["jobs"]["licenses"]["steps"] if "licheck" in s.get("uses", ""))
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
    used_outputs = set(
        re.findall(r"steps\.licheck\.outputs\.([a-z-]+)", (ROOT / "examples" / "github-workflow.yml").read_text())
    )
    assert used_outputs <= set(action["outputs"])
    for reports_line in step["with"]["reports"].splitlines():  # every format the example names exists
        assert reports_line.split()[0] in FORMATS
    # Only tags that exist: the placeholders are spelled out, the actions pinned at released majors.
    uses = [s["uses"] for s in workflow["jobs"]["licenses"]["steps"] if "uses" in s]
    assert uses == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "YOUR-ORG/licheck@COMMIT-SHA",
        "actions/upload-artifact@v4",
    ]
    assert "lfs: true" in (ROOT / "examples" / "github-workflow.yml").read_text()
