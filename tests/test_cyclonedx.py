"""--format cyclonedx: a CycloneDX 1.6 ML-BOM, validated against the schema cyclonedx-python-lib ships."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT, assert_valid
from licheck.cli import cli


@pytest.fixture
def bom(cyclonedx_validator):
    def run(*args) -> tuple[int, dict]:
        result = CliRunner().invoke(
            cli, ["scan", "--no-config", "--format", "cyclonedx", *map(str, args)], catch_exceptions=False
        )
        document = json.loads(result.stdout)
        assert_valid(cyclonedx_validator, document)
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


def test_the_validator_rejects_a_broken_bom(cyclonedx_validator):
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
    assert list(cyclonedx_validator.iter_errors(broken))  # a model license is no SPDX id
