"""Every real model card in ../shared/corpus is scanned without a crash, and its traps are reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from bom import assert_valid_cyclonedx, load_spdx3
from conftest import SHARED, assert_valid
from licheck.formats import render
from licheck.pipeline import scan_paths
from licheck.policy import Policy

CARDS = SHARED / "corpus" / "cards"
COMPANIONS = ("adapter_config.json", "config.json", "mergekit_config.yml")


@pytest.fixture(scope="module")
def corpus_scan(tmp_path_factory, catalog):
    if not CARDS.is_dir():
        pytest.fail(f"{CARDS} is missing: the tests need ../shared beside the project")
    root = tmp_path_factory.mktemp("corpus")
    targets = []
    for card in sorted(CARDS.glob("*.md")):
        folder = root / card.stem
        folder.mkdir()
        shutil.copy(card, folder / "README.md")
        for name in COMPANIONS:
            companion = card.with_name(f"{card.stem}.{name}")
            if companion.exists():
                shutil.copy(companion, folder / name)
        targets.append(str(folder))  # each named explicitly, as `licheck scan FOLDER` would be
    report = scan_paths(targets, catalog, Policy())
    assert not report.failures
    return report


@pytest.fixture(scope="module")
def corpus_report(corpus_scan):
    return {Path(r.path).name: r for r in corpus_scan.results}


def test_sarif_and_cyclonedx_are_valid_for_every_real_card(corpus_scan, sarif_validator):
    sarif = json.loads(render(corpus_scan, "sarif"))
    assert_valid(sarif_validator, sarif)
    assert len(sarif["runs"][0]["results"]) == sum(len(r.findings) for r in corpus_scan.results)
    bom = json.loads(render(corpus_scan, "cyclonedx"))
    assert_valid_cyclonedx(bom)
    models = [c for c in bom["components"] if c["type"] == "machine-learning-model"]
    assert len(models) == len(corpus_scan.results)
    assert render(corpus_scan, "markdown").count("\n### ") == len(corpus_scan.results)


def test_every_sarif_result_of_the_corpus_points_at_a_line_of_a_file(corpus_scan):
    """GitHub code scanning needs region.startLine; a location is always a file, never a model's folder
    (issue 12, item 13). GitHub annotations carry the line too."""
    results = json.loads(render(corpus_scan, "sarif"))["runs"][0]["results"]
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["region"]["startLine"] >= 1, result["message"]["text"]
        path = Path(unquote(physical["artifactLocation"]["uri"].removeprefix("file://")))
        assert path.is_file(), (path, result["ruleId"])
    annotations = render(corpus_scan, "github").splitlines()
    assert annotations and all(",line=" in line for line in annotations if line.startswith("::") and "file=" in line)


def test_spdx3_reads_back_for_every_real_card(corpus_scan):
    model, objects = load_spdx3(json.loads(render(corpus_scan, "spdx3")))
    (document,) = objects.foreach_type(model.SpdxDocument)
    assert len(document.rootElement) == len(corpus_scan.results)
    assert all(isinstance(e, model.ai_AIPackage) for e in document.rootElement)


def test_every_card_is_scanned(corpus_report):
    assert len(corpus_report) == len(list(CARDS.glob("*.md")))


def names(result):
    return {f.name for f in result.findings}


def test_known_traps_are_reported(corpus_report):
    unclosed = corpus_report["TokenBender__llama2-7b-chat-hf-codeCherryPop-qLoRA-merged"]
    assert any("never closed" in f.message for f in unclosed.findings)
    assert "input-error" in names(
        corpus_report["skkjodhpur__Meta-Llama-3.1-8B-Unsloth-2x-faster-finetuning-GGUF-by-skk"]
    )
    assert "license-mismatch" in names(corpus_report["Mawdistical__Squelching-Fantasies-70B-GGUF"])
    assert "unknown-license" in names(corpus_report["medalpaca__medalpaca-7b"])  # license: cc
    assert "input-error" in names(corpus_report["antoni-climent__amadeus__gemma3-4b-dapt-kurisu"])  # licence: license
    assert "unresolved-base" in names(corpus_report["AnHuanAo__qwythos-9b-math-sft"])  # a local path
    mit = corpus_report["QCRI__PropagandaTechniquesAnalysis-en-BERT"]  # license: MIT
    assert [e.license for e in mit.declared] == ["mit"]
    relabelled = corpus_report["datalablife__DeepSeek-R1-Distill-Llama-sql-8B"]
    assert "base-license-conflict" in names(relabelled)


def test_no_card_without_a_verdict(corpus_report):
    for name, result in corpus_report.items():
        assert result.concluded or "missing-license" in names(result) or "unknown-license" in names(result), name
