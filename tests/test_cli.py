"""The CLI as a user runs it: the installed `licheck` command, exit codes, golden JSON for the examples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())
EXPECTED_EXIT = {
    "apache-clean": 0,
    "llama31-finetune": 0,
    "llama-relabelled-apache": 1,
    "flux-lora-relabelled-mit": 1,
    "cc-by-nc-model": 1,
    "no-license": 1,
}


def licheck(*args: str, **kwargs) -> subprocess.CompletedProcess:
    executable = shutil.which("licheck")
    command = [executable] if executable else [sys.executable, "-m", "licheck"]
    return subprocess.run(
        command + list(args), check=False, capture_output=True, text=True, cwd=ROOT, timeout=60, **kwargs
    )


def test_examples_are_covered():
    assert set(EXAMPLES) == set(EXPECTED_EXIT)


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_matches_golden_json(example):
    run = licheck("scan", "--format", "json", f"examples/{example}")
    assert run.returncode == EXPECTED_EXIT[example], run.stderr
    data = json.loads(run.stdout)
    assert data["schema_version"] == "1.5"
    data["licheck_version"] = "*"
    golden = ROOT / "tests" / "golden" / f"{example}.json"
    if os.environ.get("LICHECK_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    assert data == json.loads(golden.read_text())


def test_text_report_and_streams():
    run = licheck("scan", "examples/llama-relabelled-apache")
    assert run.returncode == 1 and run.stderr == ""
    assert "LC004 base-license-conflict" in run.stdout and "fix:" in run.stdout
    assert "\x1b[" not in run.stdout  # no colour when not on a terminal


def test_python_dash_m_and_version():
    run = subprocess.run([sys.executable, "-m", "licheck", "--version"], check=False, capture_output=True, text=True)
    assert run.returncode == 0 and "licheck" in run.stdout


def test_fail_on_levels():
    assert licheck("scan", "--fail-on", "never", "examples/no-license").returncode == 0
    assert licheck("scan", "--non-commercial", "examples/cc-by-nc-model").returncode == 0
    # apache-clean ships no copy of the Apache License: a warning, which fails only --fail-on warning
    assert licheck("scan", "examples/apache-clean").returncode == 0
    warn = licheck("scan", "--fail-on", "warning", "--format", "json", "examples/apache-clean")
    assert warn.returncode == 1 and '"missing-attribution"' in warn.stdout


def test_usage_errors_exit_2():
    assert licheck("scan").returncode == 2
    assert licheck("scan", "--mau", "-5", "examples/apache-clean").returncode == 2
    missing = licheck("scan", "no/such/dir")
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr


def test_territory_is_a_real_country_code():
    """A code no country has is a usage error naming what it likely meant, not a silent miss of a clause."""
    mistyped = licheck("scan", "--territory", "KO", "examples/apache-clean")
    assert mistyped.returncode == 2 and mistyped.stdout == ""
    assert "'--territory': territory 'KO' is not an ISO 3166-1 alpha-2 country code" in mistyped.stderr
    assert "did you mean KR (Korea, Republic of)" in mistyped.stderr
    unassigned = licheck("scan", "--territory", "XX", "examples/apache-clean")
    assert unassigned.returncode == 2 and "two-letter code" in unassigned.stderr
    for accepted in ("KR", "uk", "EL", "EU"):
        assert licheck("scan", "--territory", accepted, "examples/apache-clean").returncode == 0, accepted
    assert "principal place of business" in " ".join(licheck("scan", "--help").stdout.split())


def test_broken_rule_set_exit_2_naming_every_problem(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "licenses" / "mit.yaml").write_text("id: mit\nkind: licence\n")
    (rules / "licenses" / "gemma.yaml").write_text("id: gemma\n  bad: [\n")
    run = licheck("scan", "examples/apache-clean", env={**os.environ, "LICHECK_RULES_DIR": str(rules)})
    assert run.returncode == 2 and run.stdout == ""
    assert "mit.yaml" in run.stderr and "gemma.yaml" in run.stderr and "Traceback" not in run.stderr


def test_whole_examples_folder_is_a_monorepo():
    data = json.loads(licheck("scan", "--format", "json", "examples").stdout)
    assert len(data["results"]) == len(EXAMPLES)
