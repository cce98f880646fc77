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
    assert set(action["outputs"]) == {"exit-code", "report"}


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
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        return done, outputs, summary.read_text()

    return run


def test_script_writes_sarif_annotations_and_summary(runner, tmp_path):
    report = tmp_path / "out" / "licheck.sarif"
    done, outputs, summary = runner(
        path="examples/llama-relabelled-apache examples/apache-clean", output=str(report), format="sarif"
    )
    assert done.returncode == 0, done.stderr  # the job is failed by action.yml, after the SARIF upload
    assert outputs == {"exit-code": "1", "report": str(report)}
    assert json.loads(report.read_text())["version"] == "2.1.0"
    assert "::error file=examples/llama-relabelled-apache/README.md,line=4,title=LC004" in done.stdout
    assert summary.startswith("## ❌ licheck found license problems") and "2 model(s) checked" in summary


def test_script_fail_on_and_unreachable_target(runner, tmp_path):
    _, outputs, _ = runner(path="examples/no-license", output=str(tmp_path / "r.json"), format="json", fail_on="never")
    assert outputs["exit-code"] == "0"
    _, outputs, _ = runner(path="no/such/dir", output=str(tmp_path / "r.sarif"))
    assert outputs["exit-code"] == "2" and outputs["report"]  # the SARIF still says what failed


def test_example_workflow_uses_only_inputs_the_action_has():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    step = next(s for s in workflow["jobs"]["licenses"]["steps"] if "licheck" in s.get("uses", ""))
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
