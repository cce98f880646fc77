"""--format spdx3: SPDX 3.0.1 with the AI and Dataset profiles, read back with spdx-python-model."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from bom import load_spdx3, spdx3_problems
from conftest import ROOT
from licheck.cli import cli
from licheck.formats import render
from licheck.pipeline import scan_paths
from licheck.policy import Policy

SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def scan(*args) -> tuple[int, dict]:
    result = CliRunner().invoke(
        cli, ["scan", "--no-config", "--format", "spdx3", *map(str, args)], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


class Graph:
    """A loaded document, queried the way a consumer would: by name and by relationship."""

    def __init__(self, document: dict):
        self.model, self.objects = load_spdx3(document)

    def all(self, kind: str) -> list:
        return list(self.objects.foreach_type(getattr(self.model, kind)))

    def named(self, name: str, kind: str = "software_Package"):
        (found,) = [e for e in self.all(kind) if e.name == name]
        return found

    def related(self, source, relationship: str) -> list:
        iri = getattr(self.model.RelationshipType, relationship)
        return [t for r in self.all("Relationship") if r.from_ is source and r.relationshipType == iri for t in r.to]

    def licenses(self, source, relationship: str) -> list[str]:
        return [e.simplelicensing_licenseExpression for e in self.related(source, relationship)]


def test_one_ai_package_per_model_with_declared_and_concluded_licenses_and_its_lineage():
    code, document = scan("examples")
    assert code == 1
    graph = Graph(document)
    (spdx_document,) = graph.all("SpdxDocument")
    assert {e.name for e in spdx_document.rootElement} == {
        "Llama-3.1-8B-MedChat",
        "MedChat-8B",
        "Mistral-7B-SupportBot",
        "bird-species-classifier",
        "flux-lora-relabelled-mit",
        "no-license",
    }
    assert all(isinstance(e, graph.model.ai_AIPackage) for e in spdx_document.rootElement)
    relabelled = graph.named("MedChat-8B", "ai_AIPackage")
    assert graph.licenses(relabelled, "hasDeclaredLicense") == ["Apache-2.0"]
    concluded = graph.related(relabelled, "hasConcludedLicense")
    llama = next(e for e in concluded if e.name == "Llama 3.1 Community License Agreement")
    assert llama.simplelicensing_licenseExpression.startswith("LicenseRef-")
    assert llama.externalRef[0].locator[0].startswith("https://")
    (base,) = graph.related(relabelled, "descendantOf")
    assert base.name == "meta-llama/Llama-3.1-8B-Instruct"
    assert base.software_packageUrl == "pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct"
    assert graph.related(base, "hasDeclaredLicense") == [llama]  # one element per license in the document
    assert relabelled.ai_informationAboutApplication == "task: text-generation"
    assert "notice [llama3.1 §1.b.iii]" in relabelled.ai_limitation
    assert any(line.startswith("Llama 3.1 is licensed under") for line in relabelled.software_attributionText)
    reviews = [a.statement for a in graph.all("Annotation") if a.subject is relabelled]
    assert any(s.startswith("LC004 base-license-conflict (error) at examples/llama-relabelled-apache") for s in reviews)


def test_lineage_levels_datasets_and_their_generators_are_related_packages(model):
    folder = model(
        "license: mit\nbase_model: deepseek-ai/DeepSeek-R1-Distill-Llama-8B\ndatasets: [tatsu-lab/alpaca, gsm8k]"
    )
    _, document = scan(folder)
    graph = Graph(document)
    student = graph.named("model", "ai_AIPackage")
    (base,) = graph.related(student, "descendantOf")
    assert base.name == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
    assert [a.name for a in graph.related(base, "descendantOf")] == ["meta-llama/Llama-3.1-8B"]
    teachers = graph.related(base, "trainedOn")
    assert [t.name for t in teachers] == ["deepseek-ai/DeepSeek-R1"]
    datasets = graph.related(student, "trainedOn")
    assert {d.name for d in datasets} == {"tatsu-lab/alpaca", "openai/gsm8k"}  # gsm8k under the id it resolved to
    assert all(isinstance(d, graph.model.dataset_DatasetPackage) for d in datasets)
    alpaca = graph.named("tatsu-lab/alpaca", "dataset_DatasetPackage")
    assert alpaca.software_packageUrl == (
        "pkg:huggingface/tatsu-lab/alpaca?repository_url=https://huggingface.co/datasets"
    )
    assert "CC-BY-NC-4.0" in graph.licenses(alpaca, "hasDeclaredLicense")
    (generator,) = [g for g in graph.all("ai_AIPackage") if alpaca in graph.related(g, "generates")]
    assert generator.name == "OpenAI text-davinci-003" and generator.software_packageUrl is None  # no Hub id


def test_a_hub_model_carries_its_purl_at_the_commit_checked(catalog):
    report = scan_paths([str(ROOT / "examples" / "llama31-finetune")], catalog, Policy())
    hub = dataclasses.replace(report.results[0], path="acme/Llama-3.1-MedChat", commit=SHA)
    graph = Graph(json.loads(render(dataclasses.replace(report, results=(hub,)), "spdx3")))
    package = graph.named("Llama-3.1-8B-MedChat", "ai_AIPackage")
    assert package.software_packageUrl == f"pkg:huggingface/acme/Llama-3.1-MedChat@{SHA}"
    assert package.software_packageVersion == SHA
    assert package.software_downloadLocation == "https://huggingface.co/acme/Llama-3.1-MedChat"


def test_the_document_is_written_when_clean_and_when_nothing_could_be_checked():
    code, document = scan("examples/apache-clean")
    assert code == 0 and len(Graph(document).all("ai_AIPackage")) == 2  # the model and its base
    code, document = scan("no/such/dir")
    (spdx_document,) = Graph(document).all("SpdxDocument")
    assert code == 2 and "could not check no/such/dir" in spdx_document.comment


def test_the_checks_find_a_dangling_relationship_and_a_missing_creation_info():
    _, document = scan("examples/apache-clean")
    relationship = next(e for e in document["@graph"] if e["type"] == "Relationship")
    relationship["to"] = ["https://example.invalid/nothing"]
    del next(e for e in document["@graph"] if e["type"] == "ai_AIPackage")["creationInfo"]
    _, problems = spdx3_problems(document)
    assert any("https://example.invalid/nothing" in p for p in problems)
    assert any("creationInfo" in p for p in problems)
