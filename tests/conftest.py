"""Shared fixtures: the real catalog, real folders on disk, and the CLI run in-process."""

from __future__ import annotations

import json
import os
import tempfile
import textwrap
from pathlib import Path

# Before huggingface_hub is imported anywhere (it reads these at import): no stored token of the
# developer's, no telemetry. Each Hub test also points licheck's cache at its own folder.
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="licheck-tests-hf-")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["LICHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="licheck-tests-cache-")  # never the user's cache

import pytest
from click.testing import CliRunner

from licheck.catalog.catalog import Catalog
from licheck.cli import cli
from licheck.engine.context import Context
from licheck.findings import Finding, FindingKind
from licheck.lineage.table import TableResolver
from licheck.lineage.walk import build_lineage
from licheck.metadata import ModelMetadata
from licheck.policy import Policy

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


@pytest.fixture(scope="session")
def sarif_validator():
    """The official SARIF 2.1.0 schema, from ../shared/schemas."""
    from jsonschema import Draft4Validator

    path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the project")
    schema = json.loads(path.read_text())
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def assert_valid(validator, document) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def run(catalog):
    """run(kind, metadata, resolver=None, policy=None): the findings of one kind's check alone, on the lineage
    `resolver` builds (default: the bundled table of well-known models)."""

    def check(kind: FindingKind, metadata: ModelMetadata, resolver=None, policy: Policy | None = None) -> list[Finding]:
        lineage = build_lineage(metadata, resolver or TableResolver(catalog))
        found = list(kind.check(Context(metadata, lineage, catalog, policy or Policy())))
        assert all(f.code == kind.code and f.name == kind.name for f in found)
        return found

    return check
