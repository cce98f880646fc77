"""License texts identified by content, on the reference texts of ../shared/licenses and mutations."""

from __future__ import annotations

import json
import random
import re

import pytest

from conftest import ROOT, SHARED, shared_text

REFERENCES = [(e["reference"], e["license"]) for e in json.loads((ROOT / "rules" / "fingerprints.json").read_text())["entries"]]


@pytest.mark.parametrize("reference,license_id", REFERENCES)
def test_every_reference_text_is_identified_as_itself(catalog, reference, license_id):
    result = catalog.identify_text(shared_text(reference))
    assert result.best.license_id == license_id and result.best.grade == "exact"
    assert not result.tied


def _mutations(text: str) -> dict[str, str]:
    lines = text.splitlines()
    body = "\n".join(lines[1:])  # title removed
    return {
        "rewrapped": " ".join(text.split()),
        "crlf": text.replace("\n", "\r\n"),
        "smart-quotes": text.replace('"', "\u201c").replace("'", "\u2019"),
        "markdown": re.sub(r"^(\S.*)$", r"**\1**", text, count=3, flags=re.MULTILINE).replace("\n\n", "\n\n- ", 5),
        "title-removed": body,
        "copyright-prepended": "Copyright (c) 2025 Example Corp.\n\n" + text,
    }


def test_every_text_in_shared_licenses_is_a_reference():
    texts = {p.name for p in (SHARED / "licenses").glob("*.txt")}
    assert texts, "../shared/licenses holds no texts"
    assert texts == {reference for reference, _ in REFERENCES}


@pytest.mark.parametrize("reference,license_id", REFERENCES)
def test_formatting_changes_keep_top1(catalog, reference, license_id):
    for name, mutated in _mutations(shared_text(reference)).items():
        best = catalog.identify_text(mutated).best
        assert best is not None and best.license_id == license_id, name
        assert best.grade in ("exact", "close"), name


def test_llama_versions_are_told_apart(catalog):
    scores = {ref: catalog.identify_text(shared_text(ref)).best for ref in ("llama3.1.txt", "llama3.2.txt", "llama3.3.txt")}
    assert [m.license_id for m in scores.values()] == ["llama3.1", "llama3.2", "llama3.3"]


def test_substantially_changed_text_is_not_exact(catalog):
    words = shared_text("llama3.1.txt").split()
    rng = random.Random(7)
    replaced = [w if rng.random() > 0.3 else "zzz" for w in words]  # 30% of the words replaced
    best = catalog.identify_text(" ".join(replaced)).best
    assert best is None or best.grade != "exact"
    paragraphs = shared_text("apache-2.0.txt").split("\n\n")
    rng.shuffle(paragraphs)
    shuffled = catalog.identify_text("\n\n".join(paragraphs)).best
    assert shuffled is None or shuffled.grade != "exact"


def test_a_file_holding_two_licenses_reports_both(catalog):
    text = shared_text("apache-2.0.txt") + "\n\n" + shared_text("mit.txt")
    result = catalog.identify_text(text)
    assert {result.best.license_id, *(m.license_id for m in result.contained)} == {"apache-2.0", "mit"}


def test_unrelated_text_is_not_a_license(catalog):
    assert catalog.identify_text("# My model\n\nThis model answers questions about cooking. " * 20).best is None


def test_acceptable_use_policy_is_recognised_as_such(catalog):
    best = catalog.identify_text(shared_text("llama3.1-aup.txt")).best
    assert best.license_id == "llama3.1-aup" and catalog.get(best.license_id).kind == "acceptable-use-policy"
