"""Training material: dataset terms, unknown datasets, and the terms of models whose outputs a model learned from."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import findings
from licheck.cli import cli
from licheck.engine import evaluate
from licheck.lineage.resolver import Resolved, Unresolved
from licheck.lineage.table import TableResolver
from licheck.lineage.walk import build_lineage
from licheck.metadata import (
    BaseReference,
    Declaration,
    Located,
    Location,
    ModelMetadata,
)
from licheck.policy import Policy
from licheck.vocabulary import Relation


def scan(folder, *options) -> dict:
    run = CliRunner().invoke(cli, ["scan", "--no-config", "--format", "json", *options, str(folder)])
    return json.loads(run.stdout)


def names(data: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for f in findings(data):
        found.setdefault(f["name"], []).append(f)
    return found


# --- the bundled table of datasets ------------------------------------------------------------


def test_a_non_commercial_dataset_blocks_a_commercial_use_only(model):
    folder = model("license: apache-2.0\ndatasets: [jondurbin/airoboros-gpt4-1.1]")
    (terms,) = names(scan(folder))["dataset-terms"]
    assert terms["severity"] == "error" and terms["license"] == "cc-by-nc-4.0"
    assert "jondurbin/airoboros-gpt4-1.1" in terms["message"] and terms["location"]["line"] == 3
    assert "dataset-terms" not in names(scan(folder, "--non-commercial"))


def test_a_share_alike_dataset_is_a_warning_unless_the_model_carries_a_compatible_license(model):
    relabelled = names(scan(model("license: apache-2.0\ndatasets: [databricks/databricks-dolly-15k]")))
    (terms,) = relabelled["dataset-terms"]
    assert terms["severity"] == "warning" and terms["license"] == "cc-by-sa-3.0" and "§4(b)" in terms["citation"]
    compatible = names(scan(model("license: cc-by-sa-4.0\ndatasets: [databricks/databricks-dolly-15k]", name="sa")))
    assert "dataset-terms" not in compatible


def test_a_permissive_dataset_known_by_its_alias_raises_nothing(model):
    data = scan(model("license: apache-2.0\ndatasets: [gsm8k, OpenAssistant/oasst1]"))
    datasets = [a for a in data["results"][0]["lineage"] if a["relation"] == "dataset"]
    assert [(a["id"], a["licenses"], a["status"]) for a in datasets] == [
        ("openai/gsm8k", ["mit"], "resolved"),
        ("OpenAssistant/oasst1", ["apache-2.0"], "resolved"),
    ]
    assert not {"dataset-terms", "unknown-training-terms"} & set(names(data))


def test_an_unknown_dataset_is_a_located_warning_and_info_for_non_commercial_use(model):
    folder = model("license: mit\ndatasets:\n  - acme/private-chats")
    (unknown,) = names(scan(folder))["unknown-training-terms"]
    assert unknown["severity"] == "warning" and unknown["location"]["line"] == 4
    assert "acme/private-chats" in unknown["message"]
    (relaxed,) = names(scan(folder, "--non-commercial"))["unknown-training-terms"]
    assert relaxed["severity"] == "info"


def test_a_dataset_generated_with_a_provider_model_is_reported_for_review(model):
    data = scan(model("license: apache-2.0\ndatasets: [tatsu-lab/alpaca]"))
    lineage = data["results"][0]["lineage"]
    generator = next(a for a in lineage if a["id"] == "OpenAI text-davinci-003")
    assert generator["relation"] == "distilled" and generator["path"] == ["tatsu-lab/alpaca", "OpenAI text-davinci-003"]
    (unknown,) = names(data)["unknown-training-terms"]
    assert "OpenAI text-davinci-003" in unknown["message"] and "unresolved-base" not in names(data)


# --- models whose outputs a model learned from (a test tree) ----------------------------------


class Tree:
    """models: id -> (licenses, bases, teachers); datasets: id -> (licenses, generated_with)."""

    def __init__(self, models=None, datasets=None):
        self.models, self.datasets = models or {}, datasets or {}

    def resolve_models(self, ids):
        return {
            i: Resolved(
                i, self.models[i][0], "test tree", self.models[i][1], Relation.FINETUNE, outputs_of=self.models[i][2]
            )
            if i in self.models
            else Unresolved("not in the test tree")
            for i in ids
        }

    def resolve_datasets(self, ids):
        return {
            i: Resolved(i, self.datasets[i][0], "test tree", outputs_of=self.datasets[i][1])
            if i in self.datasets
            else Unresolved("not in the test tree")
            for i in ids
        }


def evaluate_model(catalog, tree, declared="apache-2.0", name="acme/Helper-7B", bases=(), datasets=(), policy=None):
    here = Location("m/README.md", 2)
    metadata = ModelMetadata(
        path="m",
        folder_name="m",
        card=here,
        model_name=Located(name, here),
        declarations=(Declaration("id", declared, "card", here),),
        bases=tuple(BaseReference(b, Relation.FINETUNE, "card", here) for b in bases),
        datasets=tuple(Located(d, here) for d in datasets),
    )
    return evaluate(metadata, build_lineage(metadata, tree), catalog, policy or Policy())


def by_name(result) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in result.findings:
        found.setdefault(f.name, []).append(f)
    return found


LLAMA_DATA = Tree(
    models={
        "meta/llama-31-405b": (("llama3.1",), (), ()),
        "meta/llama-2-70b": (("llama2",), (), ()),
        "acme/llama2-ft": (("llama2",), ("meta/llama-2-70b",), ()),
    },
    datasets={
        "acme/synthetic-31": (("apache-2.0",), ("meta/llama-31-405b",)),
        "acme/synthetic-2": (("apache-2.0",), ("meta/llama-2-70b",)),
    },
)


def test_training_on_llama_31_outputs_brings_the_naming_rule(catalog):
    result = evaluate_model(catalog, LLAMA_DATA, datasets=("acme/synthetic-31",))
    (naming,) = by_name(result)["naming-rule"]
    assert naming.license == "llama3.1" and naming.path == ("acme/synthetic-31", "meta/llama-31-405b")
    (note,) = by_name(result)["output-training"]
    assert note.severity == "info" and note.citation == "§1.b.i"
    assert "base-license-conflict" not in by_name(result)  # outputs do not carry the license itself over
    renamed = evaluate_model(catalog, LLAMA_DATA, name="acme/Llama-Helper-7B", datasets=("acme/synthetic-31",))
    assert "naming-rule" not in by_name(renamed)


def test_llama_2_outputs_may_not_improve_another_model_but_may_improve_llama_2(catalog):
    (error,) = by_name(evaluate_model(catalog, LLAMA_DATA, datasets=("acme/synthetic-2",)))["output-training"]
    assert error.severity == "error" and error.license == "llama2" and error.citation == "§1.b.v"
    exempt = evaluate_model(
        catalog, LLAMA_DATA, declared="llama2", bases=("acme/llama2-ft",), datasets=("acme/synthetic-2",)
    )
    assert "output-training" not in by_name(exempt)


def test_a_teacher_under_a_derivative_capturing_license_binds_like_a_base(catalog):
    tree = Tree(
        models={
            "acme/student-base": (("apache-2.0",), (), ("google/gemma-teacher",)),
            "google/gemma-teacher": (("gemma",), (), ()),
        }
    )
    found = by_name(evaluate_model(catalog, tree, bases=("acme/student-base",)))
    (conflict,) = found["base-license-conflict"]
    assert conflict.license == "gemma" and conflict.path == ("acme/student-base", "google/gemma-teacher")


@pytest.mark.parametrize(
    "license_id,severity,commercial",
    [
        ("stabilityai-ai-community", "warning", True),  # cannot judge whether the model competes
        ("c4ai-cc-by-nc-4.0", "error", True),
        ("c4ai-cc-by-nc-4.0", None, False),
    ],
)
def test_other_output_training_terms(catalog, license_id, severity, commercial):
    tree = Tree(models={"v/teacher": ((license_id,), (), ())}, datasets={"d/gen": (("mit",), ("v/teacher",))})
    found = by_name(evaluate_model(catalog, tree, datasets=("d/gen",), policy=Policy(commercial=commercial)))
    assert [f.severity for f in found.get("output-training", [])] == ([severity] if severity else [])


def test_an_unresolved_teacher_is_unknown_training_terms_not_an_unresolved_base(catalog):
    tree = Tree(models={"acme/student": (("mit",), (), ("elsewhere/teacher",))})
    found = by_name(evaluate_model(catalog, tree, declared="mit", bases=("acme/student",)))
    (unknown,) = found["unknown-training-terms"]
    assert unknown.path == ("acme/student", "elsewhere/teacher") and "unresolved-base" not in found


def test_the_bundled_table_names_the_teacher_of_a_distilled_model(catalog):
    here = Location("m/README.md", 2)
    metadata = ModelMetadata(
        path="m",
        folder_name="m",
        card=here,
        bases=(BaseReference("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", Relation.FINETUNE, "card", here),),
    )
    lineage = {a.model_id: a for a in build_lineage(metadata, TableResolver(catalog))}
    teacher = lineage["deepseek-ai/DeepSeek-R1"]
    assert teacher.relation == "distilled" and teacher.through_outputs and teacher.licenses == ("mit",)
    assert not lineage["meta-llama/Llama-3.1-8B"].through_outputs


def test_a_model_reached_through_outputs_and_later_through_weights_passes_its_license_on(catalog):
    # acme/ft is relabelled MIT, but its base is Llama 3.1 405B, which also generated the training data:
    # the weights path must still carry Llama 3.1's terms.
    tree = Tree(
        models={"acme/ft": (("mit",), ("meta/llama-31-405b",), ()), "meta/llama-31-405b": (("llama3.1",), (), ())},
        datasets={"acme/synthetic-31": (("apache-2.0",), ("meta/llama-31-405b",))},
    )
    result = evaluate_model(catalog, tree, declared="mit", bases=("acme/ft",), datasets=("acme/synthetic-31",))
    (conflict,) = by_name(result)["base-license-conflict"]
    assert conflict.license == "llama3.1" and conflict.path == ("acme/ft", "meta/llama-31-405b")
    via_weights = [a for a in result.lineage if a.model_id == "meta/llama-31-405b" and not a.through_outputs]
    assert len(via_weights) == 1


def test_the_text_report_draws_generators_under_their_dataset_and_teachers_under_their_student(model):
    folder = model(
        "license: mit\nbase_model: deepseek-ai/DeepSeek-R1-Distill-Llama-8B\ndatasets: [tatsu-lab/alpaca, gsm8k]"
    )
    text = CliRunner().invoke(cli, ["scan", "--no-config", str(folder)]).stdout
    tree = [line.strip() for line in text.splitlines() if "└─" in line]
    assert [line.split(" ")[1].rstrip(":") for line in tree] == [
        "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
        "meta-llama/Llama-3.1-8B",
        "deepseek-ai/DeepSeek-R1",
        "tatsu-lab/alpaca",
        "OpenAI",
        "openai/gsm8k",
    ]
    indent = {
        line.split("└─ ")[1].split(" [")[0].split(":")[0]: len(line) - len(line.lstrip())
        for line in text.splitlines()
        if "└─" in line
    }
    assert indent["OpenAI text-davinci-003"] > indent["tatsu-lab/alpaca"] == indent["openai/gsm8k"]
