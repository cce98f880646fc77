"""License texts identified by content, on the reference texts of ../shared/licenses and mutations."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED, shared_text
from licheck.cli import cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from text_mutations import formatting_changes, substantial_changes

REFERENCES = [
    (e["reference"], e["license"]) for e in json.loads((ROOT / "rules" / "fingerprints.json").read_text())["entries"]
]


@pytest.mark.parametrize("reference,license_id", REFERENCES)
def test_every_reference_text_is_identified_as_itself(catalog, reference, license_id):
    result = catalog.identify_text(shared_text(reference))
    assert result.best.license_id == license_id and result.best.grade == "exact"
    assert not result.tied


def test_every_text_in_shared_licenses_is_a_reference():
    texts = {p.name for p in (SHARED / "licenses").glob("*.txt")}
    assert texts, "../shared/licenses holds no texts"
    assert texts == {reference for reference, _ in REFERENCES}


@pytest.mark.parametrize("reference,license_id", REFERENCES)
def test_formatting_changes_keep_top1(catalog, reference, license_id):
    for name, mutated in formatting_changes(shared_text(reference)).items():
        best = catalog.identify_text(mutated).best
        assert best is not None and best.license_id == license_id, name
        assert best.grade in ("exact", "close"), name


def test_llama_versions_are_told_apart(catalog):
    scores = {
        ref: catalog.identify_text(shared_text(ref)).best for ref in ("llama3.1.txt", "llama3.2.txt", "llama3.3.txt")
    }
    assert [m.license_id for m in scores.values()] == ["llama3.1", "llama3.2", "llama3.3"]


@pytest.mark.parametrize("reference,license_id", REFERENCES)
def test_substantially_changed_text_is_not_exact(catalog, reference, license_id):
    for name, changed in substantial_changes(shared_text(reference)).items():
        best = catalog.identify_text(changed).best
        assert best is None or best.license_id != license_id or best.grade != "exact", name


def test_a_file_holding_two_licenses_reports_both(catalog):
    text = shared_text("apache-2.0.txt") + "\n\n" + shared_text("mit.txt")
    result = catalog.identify_text(text)
    assert {result.best.license_id, *(m.license_id for m in result.contained)} == {"apache-2.0", "mit"}


def test_unrelated_text_is_not_a_license(catalog):
    assert catalog.identify_text("# My model\n\nThis model answers questions about cooking. " * 20).best is None


def test_acceptable_use_policies_are_recognised_as_such_and_tied_to_their_license(catalog):
    best = catalog.identify_text(shared_text("llama3.1-aup.txt")).best
    assert best.license_id == "llama3.1-aup" and catalog.get(best.license_id).kind == "acceptable-use-policy"
    tied = {lic.acceptable_use.policy for lic in catalog.licenses.values() if lic.acceptable_use}
    for policy in (lic for lic in catalog.licenses.values() if lic.kind == "acceptable-use-policy"):
        assert {policy.id, policy.edition_of} & tied, f"{policy.id} is the acceptable-use policy of no license"


@pytest.mark.parametrize(
    "card,mismatch",
    [
        ("license: apache-2.0", True),  # ships Llama 3.1's policy under another license: likely relabelled
        ("license: llama3.1", False),
        ("license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B", False),  # inherited: LC004 says the rest
    ],
)
def test_a_shipped_acceptable_use_policy_is_checked_against_its_license(model, card, mismatch):
    folder = model(card, files={"USE_POLICY.md": shared_text("llama3.1-aup.txt")})
    result = CliRunner().invoke(cli, ["scan", "--no-config", "--format", "json", str(folder)])
    found = [
        f
        for f in json.loads(result.stdout)["results"][0]["findings"]
        if f["name"] == "license-mismatch" and "Acceptable Use Policy" in f["message"]
    ]
    assert bool(found) == mismatch
    if mismatch:
        assert "belongs to llama3.1;" in found[0]["message"] and found[0]["location"]["path"].endswith("USE_POLICY.md")
