"""The pre-commit hooks, run by the real pre-commit tool against this checkout, and `scan --changed`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli

FIXED_CARD = """---
license: llama3.1
base_model: meta-llama/Llama-3.1-8B-Instruct
model-index:
  - name: Llama-3.1-MedChat-8B
---

# Llama-3.1-MedChat-8B
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A git repository holding a plain README, a doc and a Llama fine-tune relabelled Apache-2.0."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "llama-relabelled-apache", repo / "models" / "medchat")
    (repo / "README.md").write_text("# Our models\n")
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("notes\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


@pytest.fixture(scope="session")
def pre_commit(tmp_path_factory):
    """Run `pre-commit try-repo <this checkout> HOOK ...` in a repository; one hook install per session."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse"], check=False, capture_output=True).returncode != 0:
        pytest.fail(f"{ROOT} is not a git checkout: pre-commit try-repo needs one")
    executable = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }

    def run(repo: Path, hook: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [executable, "try-repo", str(ROOT), hook, *args],
            cwd=repo,
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run


@pytest.mark.slow  # pre-commit builds its own environment: `pytest -m "not slow"` skips it locally
def test_changed_files_hook_fails_on_a_violation_and_passes_once_fixed(repo, pre_commit):
    card = "models/medchat/README.md"
    failed = pre_commit(repo, "licheck", "--files", card, "README.md", "docs/notes.md")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    # One line per finding, as ruff prints them, and the summary; no obligations, no lineage.
    assert "models/medchat/README.md:4: LC004 base-license-conflict this model declares" in failed.stdout
    assert "models/medchat/README.md:7: LC009 naming-rule" in failed.stdout
    assert "obligations:" not in failed.stdout and "lineage:" not in failed.stdout
    assert "licheck: 1 model(s) checked: 2 error(s)" in failed.stdout  # the plain README and the doc are no model

    (repo / card).write_text(FIXED_CARD)
    git(repo, "add", "-A")
    passed = pre_commit(repo, "licheck", "--files", card)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


@pytest.mark.slow  # pre-commit builds its own environment: `pytest -m "not slow"` skips it locally
def test_whole_repository_hook(repo, pre_commit):
    failed = pre_commit(repo, "licheck-all", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "./models/medchat/README.md:4: LC004 base-license-conflict" in failed.stdout
    (repo / "models" / "medchat" / "README.md").write_text(FIXED_CARD)
    git(repo, "add", "-A")
    passed = pre_commit(repo, "licheck-all", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr


# --- scan --changed, in-process ----------------------------------------------------------------------


def changed(repo: Path, monkeypatch, *files: str):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["scan", "--changed", "--format", "json", *files], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_changed_maps_files_to_their_model_folder(repo, monkeypatch):
    unet = repo / "models" / "medchat" / "unet"
    unet.mkdir()
    (unet / "config.json").write_text("{}")
    code, data = changed(repo, monkeypatch, "models/medchat/unet/config.json", "models/medchat/README.md")
    assert code == 1 and [r["path"] for r in data["results"]] == ["models/medchat"]


def test_changed_files_outside_models_check_nothing_and_pass(repo, monkeypatch):
    code, data = changed(repo, monkeypatch, "README.md", "docs/notes.md")
    assert code == 0 and data["results"] == []


def test_a_single_model_repository_is_its_own_model_folder(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples" / "no-license", tmp_path / "m")
    code, data = changed(tmp_path / "m", monkeypatch, "README.md")
    assert code == 1 and data["results"][0]["path"] == "."


def test_monorepo_plain_readme_is_not_a_model(repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["scan", "--format", "json", "."], catch_exceptions=False)
    assert [r["path"] for r in json.loads(result.stdout)["results"]] == ["./models/medchat"]
