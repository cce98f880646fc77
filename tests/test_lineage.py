"""Lineage: mergekit merges, merged terms, self-references, and the real mergekit configs of the corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import SHARED, findings
from licheck.cli import cli
from licheck.engine import evaluate
from licheck.lineage.resolver import Resolved, Unresolved
from licheck.lineage.table import TableResolver
from licheck.lineage.walk import build_lineage
from licheck.metadata import BaseReference, Declaration, Location, ModelMetadata
from licheck.metadata.mergekit import read_mergekit
from licheck.policy import Policy
from licheck.vocabulary import Relation

MERGE = """\
slices:
  - sources:
      - model: meta-llama/Llama-3.1-8B-Instruct
        layer_range: [0, 32]
      - model: google/gemma-2-9b-it+acme/gemma-lora
        layer_range: [0, 32]
merge_method: slerp
base_model: meta-llama/Llama-3.1-8B-Instruct
"""


def scan(folder) -> dict:
    return json.loads(CliRunner().invoke(cli, ["scan", "--no-config", "--format", "json", str(folder)]).stdout)


def test_mergekit_models_slices_base_and_loras():
    bases, problems = read_mergekit(MERGE, "m/mergekit_config.yml")
    assert problems == []
    assert [(b.model_id, b.relation, b.location.line) for b in bases] == [
        ("meta-llama/Llama-3.1-8B-Instruct", "merge", 3),
        ("google/gemma-2-9b-it", "merge", 5),
        ("acme/gemma-lora", "merge", 5),
    ]
    assert {b.detail for b in bases} == {"mergekit merge_method: slerp"}
    models = read_mergekit("models:\n  - model: a/b\n  - model: c/d\nmerge_method: ties\n", "x")[0]
    assert [b.model_id for b in models] == ["a/b", "c/d"]


@pytest.mark.parametrize("text,message", [("models: [\n", "not valid YAML"), ("- a\n- b\n", "not a mapping")])
def test_broken_mergekit_config_is_located(model, text, message):
    problem = findings(scan(model("license: llama3.1", files={"mergekit_config.yml": text})), "input-error")[0]
    assert message in problem["message"] and problem["location"]["path"].endswith("mergekit_config.yml")


def test_a_merge_carries_every_parent_s_terms(model):
    folder = model(
        "license: apache-2.0\nbase_model: [meta-llama/Llama-3.1-8B-Instruct]", files={"mergekit_config.yml": MERGE}
    )
    data = scan(folder)
    lineage = data["results"][0]["lineage"]
    card_base = lineage[0]
    assert card_base["relation"] == "merge" and card_base["detail"] == "mergekit merge_method: slerp"
    assert card_base["location"]["path"].endswith("README.md")  # the card names it: that is where to edit
    gemma = next(a for a in lineage if a["id"] == "google/gemma-2-9b")
    assert gemma["location"] == {"path": f"{folder}/mergekit_config.yml", "line": 5}
    conflicts = {f["license"] for f in findings(data, "base-license-conflict")}
    assert conflicts == {"llama3.1", "gemma"}  # apache-2.0 drops the terms of both parents
    assert {"llama3.1", "gemma"} <= {e["id"] for e in data["results"][0]["licenses"]["concluded"]}


def test_a_model_naming_itself_as_its_base_is_a_cycle(catalog):
    here = Location("acme/self/README.md", 3)
    metadata = ModelMetadata(
        path="acme/self", folder_name="self", bases=(BaseReference("acme/self", Relation.FINETUNE, "card", here),)
    )
    (ancestor,) = build_lineage(metadata, TableResolver(catalog))
    assert ancestor.status == "cycle" and ancestor.source == "the model names itself as its base"


def test_every_mergekit_config_of_the_corpus_is_read():
    configs = sorted((SHARED / "corpus" / "cards").glob("*.mergekit_config.yml"))
    assert configs
    for config in configs:
        bases, problems = read_mergekit(config.read_text(encoding="utf-8"), config.name)
        assert problems == [] and bases, config.name
        assert all(b.relation == "merge" and b.location.line for b in bases)


class TreeResolver:
    """A lineage resolver from a dict: model id -> (licenses, bases)."""

    def __init__(self, tree: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]):
        self.tree = tree

    def resolve_models(self, ids):
        return {
            i: Resolved(i, self.tree[i][0], "test tree", self.tree[i][1])
            if i in self.tree
            else Unresolved("not in the test tree")
            for i in ids
        }

    def resolve_datasets(self, ids):
        return {i: Unresolved("not in the test tree") for i in ids}


def evaluate_tree(catalog, declared: str, bases: tuple[str, ...], tree) -> list:
    here = Location("m/README.md", 2)
    metadata = ModelMetadata(
        path="m",
        folder_name="m",
        card=here,
        declarations=(Declaration("id", declared, "card", here),),
        bases=tuple(BaseReference(b, Relation.MERGE, "card", here) for b in bases),
    )
    return list(evaluate(metadata, build_lineage(metadata, TreeResolver(tree)), catalog, Policy()).findings)


@pytest.mark.parametrize(
    "parents,incompatible",
    [
        ({"a/sa": (("cc-by-sa-4.0",), ()), "a/llama": (("llama3.1",), ())}, {"llama3.1"}),
        ({"a/sa": (("cc-by-sa-4.0",), ()), "a/nc-sa": (("cc-by-nc-sa-4.0",), ())}, {"cc-by-nc-sa-4.0"}),
        ({"a/gpl": (("gpl-3.0",), ()), "a/agpl": (("agpl-3.0",), ())}, set()),  # GPL-3.0 names AGPL-3.0
        ({"a/sa": (("cc-by-sa-4.0",), ()), "a/apache": (("apache-2.0",), ())}, set()),  # Apache binds nothing
    ],
)
def test_merges_whose_parents_terms_cannot_be_met_together(catalog, parents, incompatible):
    found = evaluate_tree(catalog, "cc-by-sa-4.0", tuple(parents), parents)
    assert {f.license for f in found if f.name == "incompatible-terms"} == incompatible


def test_incompatible_terms_deep_in_the_tree_name_both_paths(catalog):
    tree = {"a/ft": (("llama3.1",), ("a/sa-base",)), "a/sa-base": (("cc-by-sa-4.0",), ())}
    found = [f for f in evaluate_tree(catalog, "llama3.1", ("a/ft",), tree) if f.name == "incompatible-terms"]
    assert len(found) == 1
    assert "this model → a/ft → a/sa-base" in found[0].message and "path: this model → a/ft)" in found[0].message


def card(text: str) -> str:
    return "---\n" + text.strip() + "\n---\n\n# model\n"


@pytest.fixture
def monorepo(tmp_path, monkeypatch):
    """models/acme/base (FLUX.1 [dev] non-commercial, whose terms carry over), models/ft on it by repo id,
    models/ft2 on it by relative path, models/ft3 on models/ft, and two folders naming each other."""
    files = {
        "models/acme/base/README.md": card("license: other\nlicense_name: flux-1-dev-non-commercial-license"),
        "models/ft/README.md": card("license: mit\nbase_model: acme/base"),
        "models/ft2/README.md": card("license: mit\nbase_model: ../acme/base"),
        "models/ft3/README.md": card("license: mit\nbase_model: ../ft"),
        "models/outside/README.md": card("license: mit\nbase_model: ../../../elsewhere/base"),
        "models/loop-a/README.md": card("license: mit\nbase_model: ../loop-b"),
        "models/loop-b/README.md": card("license: mit\nbase_model: ../loop-a"),
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    data = scan("models")
    return {r["path"]: r for r in data["results"]}


def test_a_base_that_is_a_scanned_folder_is_read_from_there(monorepo):
    for name in ("models/ft", "models/ft2"):
        (base,) = monorepo[name]["lineage"]
        assert base["licenses"] == ["flux-1-dev-non-commercial-license"]
        assert base["source"] == "scanned folder models/acme/base"
        codes = {f["name"] for f in monorepo[name]["findings"]}
        assert {"non-commercial-use", "base-license-conflict"} <= codes and "unresolved-base" not in codes


def test_local_chains_paths_leaving_the_tree_and_local_cycles(monorepo):
    chain = monorepo["models/ft3"]["lineage"]
    assert [(a["id"], a["depth"]) for a in chain] == [("models/ft", 1), ("acme/base", 2)]
    assert chain[1]["licenses"] == ["flux-1-dev-non-commercial-license"]
    (outside,) = monorepo["models/outside"]["lineage"]
    assert outside["status"] == "local-path"
    loop = monorepo["models/loop-a"]["lineage"]
    assert [a["status"] for a in loop] == ["resolved", "cycle"]


def test_a_folder_of_a_tree_is_read_for_its_check_and_once_more_at_most_as_a_base(tmp_path, monkeypatch, catalog):
    """A base read early for a derivative is kept for its own turn; a base's summary, once made, answers
    every later model naming it; a folder nobody names is read once. A base checked before anyone
    names it is read once more, for its summary (summarising every folder in case it is a base would
    cost more than that)."""
    from licheck.lineage import local
    from licheck.pipeline import scan_paths
    from licheck.policy import Policy

    files = {
        "models/a-ft/README.md": card("license: mit\nbase_model: ../z-base"),  # scanned before its base
        "models/b-base/README.md": card("license: apache-2.0"),  # scanned before its derivative
        "models/c-ft/README.md": card("license: mit\nbase_model: ../b-base"),
        "models/d-ft/README.md": card("license: mit\nbase_model: ../b-base"),
        "models/z-base/README.md": card("license: apache-2.0"),
        "models/z-ft/README.md": card("license: mit\nbase_model: ../z-base"),  # after it
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    reads: list[str] = []
    original = local.read_metadata

    def counting(repository):
        reads.append(repository.path.rsplit("/", 1)[-1])
        return original(repository)

    monkeypatch.setattr(local, "read_metadata", counting)
    report = scan_paths([str(tmp_path / "models")], catalog, Policy())
    assert sorted(reads) == ["a-ft", "b-base", "b-base", "c-ft", "d-ft", "z-base", "z-ft"]
    bases = {r.path.rsplit("/", 1)[-1]: [a.licenses for a in r.lineage.models] for r in report.results}
    assert bases == {
        "a-ft": [("apache-2.0",)],
        "b-base": [],
        "c-ft": [("apache-2.0",)],
        "d-ft": [("apache-2.0",)],
        "z-base": [],
        "z-ft": [("apache-2.0",)],
    }
