"""rules/architectures.yaml: valid against its schema, cited, cross-referenced, never silently ambiguous."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
TABLE = RULES / "architectures.yaml"
SCHEMA = RULES / "schema" / "architectures.schema.json"

# A source names a commit (owner/repo@<7-40 hex>) or a stored copy under shared/.
CITED = re.compile(r"@[0-9a-f]{7,40}\b|shared/(corpus|research|licenses)/")


@pytest.fixture(scope="module")
def table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bases(table) -> list[dict]:
    return table["bases"]


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_table_validates_against_its_schema(table):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(table), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_every_object_in_the_schema_forbids_unknown_keys():
    def walk(node, path):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, path
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}/{i}")

    walk(json.loads(SCHEMA.read_text(encoding="utf-8")), "#")


def test_ids_are_unique(bases):
    ids = [b["id"] for b in bases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates
    also = [a for b in bases for a in b.get("also", [])]
    assert not set(also) & set(ids), "a repository is both an entry and another entry's 'also'"
    assert len(also) == len(set(also))


def test_every_license_is_a_rule_file(bases):
    known = {p.stem for p in (RULES / "licenses").glob("*.yaml")}
    for base in bases:
        for license_id in base.get("licenses", []):
            assert license_id in known, f"{base['id']}: {license_id} is not in rules/licenses/"


def test_licenses_come_from_the_bundled_table_or_a_stored_card(bases):
    models = yaml.safe_load((RULES / "well-known-models.yaml").read_text(encoding="utf-8"))["models"]
    by_id = {}
    for model in models:
        for name in [model["id"], *model.get("aliases", [])]:
            by_id[name] = set(model["licenses"])
    for base in bases:
        if "licenses" not in base:
            continue
        source = base["license_source"]
        if source.startswith("rules/well-known-models.yaml"):
            named = re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*", source.split(" ", 1)[1])
            assert named and named[0] in by_id, f"{base['id']}: {source}"
            assert base["id"] in by_id, f"{base['id']}: the bundled table does not list this repository"
            assert set(base["licenses"]) == by_id[base["id"]], f"{base['id']}: licenses differ from the bundled table"
        else:
            assert "shared/corpus" in source, (
                f"{base['id']}: license source is neither the bundled table nor a stored card"
            )


def test_every_entry_names_a_commit_or_stored_copy(bases):
    for base in bases:
        assert CITED.search(base["source"]), f"{base['id']}: source names no commit or stored copy"
        if "gguf" in base and "source" in base["gguf"]:
            assert CITED.search(base["gguf"]["source"]), f"{base['id']}: gguf.source names no commit"


def test_numeric_gguf_values_come_with_their_source(bases):
    numeric = {
        "block_count",
        "embedding_length",
        "feed_forward_length",
        "head_count",
        "head_count_kv",
        "context_length",
        "rope_freq_base",
        "expert_count",
        "expert_used_count",
    }
    for base in bases:
        gguf = base.get("gguf", {})
        if numeric & set(gguf) or "architecture" in gguf or "tokenizer_pre" in gguf:
            assert "source" in gguf, f"{base['id']}: gguf values without gguf.source"


def test_shares_shape_with_is_symmetric_and_names_entries(bases):
    by_id = {b["id"]: b for b in bases}
    for base in bases:
        for other in base.get("shares_shape_with", []):
            assert other != base["id"], f"{base['id']} lists itself"
            assert other in by_id, f"{base['id']}: shares_shape_with names unknown entry {other}"
            assert base["id"] in by_id[other].get("shares_shape_with", []), f"{other} does not list {base['id']} back"
        if "shape_of" in base:
            assert base["shape_of"] in by_id, f"{base['id']}: shape_of names unknown entry"


def test_identical_fingerprints_are_linked(bases):
    """Two entries with the same config block must list each other, so the matcher never silently picks one."""
    seen: dict[str, str] = {}
    for base in bases:
        if "config" not in base:
            continue
        key = json.dumps([base.get("file", "config.json"), base["config"]], sort_keys=True)
        if key in seen:
            first = seen[key]
            linked = first in base.get("shares_shape_with", [])
            assert linked, f"{first} and {base['id']} have identical config blocks but no shares_shape_with link"
        else:
            seen[key] = base["id"]


def test_kinds_that_are_not_config_copies_say_so(bases):
    for base in bases:
        if base["source_kind"] in ("A", "D", "M", "T"):
            assert base.get("note"), f"{base['id']}: source_kind {base['source_kind']} needs a note"
        if base["source_kind"] == "A":
            assert base.get("file") == "owner code", base["id"]
        if base["source_kind"] == "G":
            assert "config" not in base, base["id"]


def test_families_are_consistent_per_organisation(bases):
    families: dict[str, set[str]] = {}
    for base in bases:
        families.setdefault(base["family"], set()).add(base["id"].split("/")[0])
    for family, owners in families.items():
        assert len(owners) <= 2, f"family {family} spans {owners}"
