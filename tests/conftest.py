"""Shared fixtures: the real catalog, real folders on disk, and the CLI run in-process."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from licheck.catalog.catalog import Catalog
from licheck.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture
def model(tmp_path):
    """Write a model folder: model(card="license: mit", files={"config.json": "{}"}) -> Path."""

    def make(card: str | None = None, files: dict[str, str | bytes] | None = None, name: str = "model") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        if card is not None:
            (folder / "README.md").write_text("---\n" + textwrap.dedent(card).strip() + "\n---\n\n# model\n")
        for rel, content in (files or {}).items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
        return folder

    return make


@pytest.fixture
def scan():
    """Run `licheck scan ... --format json` in-process; return (exit code, parsed JSON, stderr)."""
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(cli, ["scan", "--format", "json", *map(str, args)], catch_exceptions=False)
        data = json.loads(result.stdout) if result.stdout.strip() else None
        return result.exit_code, data, result.stderr

    return run


def findings(data: dict, name: str | None = None) -> list[dict]:
    return [f for r in data["results"] for f in r["findings"] if name is None or f["name"] == name]


def shared_text(name: str) -> str:
    path = SHARED / "licenses" / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the project")
    return path.read_text(encoding="utf-8")
