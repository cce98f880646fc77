"""--format cyclonedx: a CycloneDX 1.6 ML-BOM, validated by cyclonedx-python-lib's strict JSON validator."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from bom import assert_valid_cyclonedx, cyclonedx_errors
from conftest import ROOT
from licheck.cli import cli
from licheck.formats import render
from licheck.pipeline import scan_paths
from licheck.policy import Policy


@pytest.fixture
def bom():
    def run(*args) -> tuple[int, dict]:
        result = CliRunner().invoke(
            cli, ["scan", "--no-config", "--format", "cyclonedx", *map(str, args)], catch_exceptions=False
        )
        document = json.loads(result.stdout)
        assert_valid_cyclonedx(document)
        return result.exit_code, document

    return run


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def component(document: dict, name: str) -> dict:
    return next(c for c in document["components"] if c["name"] == name)


def licenses(entry: dict, acknowledgement: str) -> list[dict]:
    return [
        item["license"] for item in entry.get("licenses", ()) if item["license"]["acknowledgement"] == acknowledgement
    ]


def test_one_model_component_per_model_with_declared_and_concluded_licenses(bom):
    code, document = bom("examples")
    assert code == 1 and document["specVersion"] == "1.6"
    models = [c for c in document["components"] if c["type"] == "machine-learning-model"]
    assert len(models) == 6
    relabelled = component(document, "MedChat-8B")
    assert licenses(relabelled, "declared") == [{"acknowledgement": "declared", "id": "Apache-2.0"}]
    concluded = licenses(relabelled, "concluded")
    assert {"acknowledgement": "concluded", "id": "Apache-2.0"} in concluded
    llama = next(lic for lic in concluded if "name" in lic)
    assert "id" not in llama and llama["name"] == "Llama 3.1 Community License Agreement"
    assert (
        llama["url"].startswith("https://")
        and {"name": "licheck:license-id", "value": "llama3.1"} in llama["properties"]
    )
    names = [p["name"] for p in relabelled["properties"]]
    assert "licheck:finding" in names and "licheck:obligation:notice" in names
    assert document["metadata"]["tools"]["components"][0]["name"] == "licheck"


def test_pedigree_follows_the_lineage_and_datasets_are_data_components(bom, model):
    folder = model("""
        license: llama3.1
        base_model: unsloth/meta-llama-3.1-8b-bnb-4bit
        datasets: [tatsu-lab/alpaca, openai/gsm8k]
        model-index:
          - name: Llama-3.1-Tutor
    """)
    _, document = bom(folder)
    tutor = component(document, "Llama-3.1-Tutor")
    first = tutor["pedigree"]["ancestors"]
    assert [a["name"] for a in first] == ["unsloth/meta-llama-3.1-8b-bnb-4bit"]
    second = first[0]["pedigree"]["ancestors"]
    assert [a["name"] for a in second] == ["meta-llama/Llama-3.1-8B"]
    assert licenses(second[0], "declared")[0]["name"] == "Llama 3.1 Community License Agreement"
    data = [c for c in document["components"] if c["type"] == "data"]
    assert {c["name"] for c in data} == {"tatsu-lab/alpaca", "openai/gsm8k"}
    depends = next(d for d in document["dependencies"] if d["ref"] == tutor["bom-ref"])
    assert set(depends["dependsOn"]) == {c["bom-ref"] for c in data}


def test_bom_is_written_when_clean_and_when_nothing_could_be_checked(bom):
    code, document = bom("examples/apache-clean")
    assert code == 0 and len(document["components"]) == 1
    code, document = bom("no/such/dir")
    assert code == 2 and document["metadata"]["properties"][0]["name"] == "licheck:error"


def test_the_model_card_holds_the_task_the_datasets_and_the_findings_and_obligations(bom, model):
    folder = model("""
        license: apache-2.0
        base_model: meta-llama/Llama-3.1-8B
        pipeline_tag: text-generation
        datasets: [tatsu-lab/alpaca, gsm8k]
    """)
    _, document = bom(folder)
    card = component(document, "model")["modelCard"]
    assert card["modelParameters"]["task"] == "text-generation"
    refs = [d["ref"] for d in card["modelParameters"]["datasets"]]
    data = {c["bom-ref"]: c for c in document["components"] if c["type"] == "data"}
    assert set(refs) == set(data)
    risks = card["considerations"]["ethicalConsiderations"]
    conflict = next(r for r in risks if r["name"].startswith("LC004 base-license-conflict (error): "))
    assert conflict["mitigationStrategy"].startswith("Declare `license: llama3.1`")
    notice = next(r for r in risks if r["name"].startswith("obligation notice [llama3.1 "))
    assert "Llama 3.1 is licensed under" in notice["mitigationStrategy"]
    alpaca, gsm8k = data["dataset:tatsu-lab/alpaca"], data["dataset:gsm8k"]
    assert alpaca["data"] == [
        {
            "type": "dataset",
            "name": "tatsu-lab/alpaca",
            "contents": {"url": "https://huggingface.co/datasets/tatsu-lab/alpaca"},
        }
    ]
    assert alpaca["purl"] == "pkg:huggingface/tatsu-lab/alpaca?repository_url=https://huggingface.co/datasets"
    assert gsm8k["purl"].startswith("pkg:huggingface/openai/gsm8k?")  # the id the card's name resolved to
    base = component(document, "model")["pedigree"]["ancestors"][0]
    assert base["purl"] == "pkg:huggingface/meta-llama/Llama-3.1-8B"


def test_a_hub_model_carries_its_purl_at_the_commit_checked(catalog):
    sha = "0123456789abcdef0123456789abcdef01234567"
    report = scan_paths([str(ROOT / "examples" / "apache-clean")], catalog, Policy())
    hub = dataclasses.replace(report.results[0], path="acme/SupportBot", commit=sha)
    document = json.loads(render(dataclasses.replace(report, results=(hub,)), "cyclonedx"))
    assert_valid_cyclonedx(document)
    assert component(document, "Mistral-7B-SupportBot")["purl"] == f"pkg:huggingface/acme/SupportBot@{sha}"


def test_a_local_model_without_task_or_datasets_has_no_model_parameters_and_no_purl(bom, model):
    _, document = bom(model("license: mit"))
    entry = component(document, "model")
    assert "purl" not in entry  # a folder has no Hub id
    assert "modelParameters" not in entry["modelCard"]  # the schema allows it out; an empty one says nothing
    assert entry["modelCard"]["considerations"]["ethicalConsiderations"]  # MIT's obligations


def test_the_validator_rejects_a_broken_bom():
    broken = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {
                "type": "machine-learning-model",
                "name": "m",
                "licenses": [{"license": {"id": "Llama-3.1", "acknowledgement": "declared"}}],
            }
        ],
    }
    assert cyclonedx_errors(broken)  # a model license is no SPDX id
    broken["components"][0]["licenses"] = []
    broken["components"][0]["modelCard"] = {"considerations": {"risks": []}}
    assert cyclonedx_errors(broken)  # strict: no property the schema does not define
