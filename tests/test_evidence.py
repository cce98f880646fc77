"""Lineage evidence (issue 13): the base a card does not declare, inferred from the weights' shape
(config.json, a GGUF header), the model's name and the card's prose — each evidence kind with a case that
finds the base and a close one that must not, on real folders scanned through the CLI."""

from __future__ import annotations

import json
import struct

import pytest

from conftest import findings
from test_inputs import _gguf, _gguf_str

# meta-llama/Llama-3.1-8B's config.json (the copy rules/architectures.yaml cites), as a fine-tune keeps it.
LLAMA_31_8B = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256,
    "max_position_embeddings": 131072, "rope_theta": 500000.0, "tie_word_embeddings": False,
    "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 8192},
    "torch_dtype": "bfloat16", "transformers_version": "4.43.0",
}  # fmt: skip
MISTRAL_7B = {
    "architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_size": 4096, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 32000,
    "max_position_embeddings": 32768, "rope_theta": 10000.0, "sliding_window": 4096, "tie_word_embeddings": False,
}  # fmt: skip


def lineage(data: dict) -> list[dict]:
    return data["results"][0]["lineage"]


def inferred(data: dict) -> list[dict]:
    return [a for a in lineage(data) if a["inferred"]]


def test_an_exact_architecture_is_strong_evidence(model, scan):
    """A config.json with Llama 3.1 8B's exact shape, relabelled apache-2.0 with no base_model: the Llama 3.1
    terms apply as an inferred base's, and the relabelling is an error."""
    folder = model("license: apache-2.0", files={"config.json": json.dumps(LLAMA_31_8B)})
    code, data, _ = scan(folder)
    (base,) = inferred(data)
    assert base["id"] == "meta-llama/Llama-3.1-8B" and base["licenses"] == ["llama3.1"]
    (evidence,) = base["evidence"]
    assert (evidence["kind"], evidence["strength"]) == ("architecture", "strong")
    assert evidence["location"]["path"].endswith("config.json") and "exact shape" in evidence["detail"]
    (conflict,) = findings(data, "base-license-conflict")
    assert conflict["severity"] == "error" and "licheck inferred it" in conflict["message"] and code == 1
    (undeclared,) = findings(data, "undeclared-base")
    assert undeclared["severity"] == "warning" and "base_model: meta-llama/Llama-3.1-8B" in undeclared["fix"]


def test_a_family_shape_with_a_changed_vocabulary_is_weak_evidence(model, scan):
    """Added tokens change vocab_size: the Llama 3.1 family is evidenced, not the size; a warning only."""
    folder = model("license: apache-2.0", files={"config.json": json.dumps({**LLAMA_31_8B, "vocab_size": 128258})})
    _, data, _ = scan(folder)
    (base,) = inferred(data)
    assert base["evidence"][0]["strength"] == "weak" and "family" in base["evidence"][0]["detail"]
    assert {f["severity"] for f in findings(data, "base-license-conflict")} == {"warning"}


def test_an_architecture_whose_license_allows_the_declaration_is_no_conflict(model, scan):
    """A Mistral 7B shape under apache-2.0 is fine: the base is inferred, its terms allow the declaration."""
    _, data, _ = scan(model("license: apache-2.0", files={"config.json": json.dumps(MISTRAL_7B)}))
    assert [a["id"] for a in inferred(data)] == ["mistralai/Mistral-7B-v0.1"]
    assert not findings(data, "base-license-conflict")


def test_a_name_never_overrides_the_architecture(model, scan):
    """A model named llama-beater-7b whose config is Mistral 7B is a Mistral model."""
    folder = model(
        "license: apache-2.0\nmodel-index:\n  - name: llama-2-beater-7b",
        files={"config.json": json.dumps(MISTRAL_7B)},
        name="llama-2-beater-7b",
    )
    _, data, _ = scan(folder)
    assert [a["id"] for a in inferred(data)] == ["mistralai/Mistral-7B-v0.1"]
    assert not findings(data, "base-license-conflict")


def test_a_name_alone_is_weak_evidence_and_never_an_error(model, scan):
    """Llama-2 in the name, mit declared, no config: a warning that the Llama 2 terms may apply."""
    _, data, _ = scan(model("license: mit", name="Llama-2-13b-chat-dutch"))
    (base,) = inferred(data)
    assert base["id"] == "meta-llama/Llama-2-7b-hf" and base["evidence"][0]["kind"] == "name"
    assert {f["severity"] for f in findings(data) if f["path"][:1] == [base["id"]]} <= {"warning", "info"}
    _, unnamed, _ = scan(model("license: mit", name="dutch-chat-13b"))
    assert not inferred(unnamed)


def test_a_derivation_sentence_naming_a_repository_is_strong_evidence(model, scan):
    """'a fine-tuned version of [meta-llama/Llama-3.1-8B](…)' in the card's prose, declared apache-2.0."""
    card = (
        "---\nlicense: apache-2.0\n---\n\n# MedChat\n\nMedChat is a fine-tuned version of "
        "[Llama 3.1 8B](https://huggingface.co/meta-llama/Llama-3.1-8B) on medical dialogues.\n"
    )
    _, data, _ = scan(model(files={"README.md": card}))
    (base,) = inferred(data)
    assert base["id"] == "meta-llama/Llama-3.1-8B"
    (evidence,) = base["evidence"]
    assert (evidence["kind"], evidence["strength"], evidence["location"]["line"]) == ("prose", "strong", 7)
    assert {f["severity"] for f in findings(data, "base-license-conflict")} == {"error"}


@pytest.mark.parametrize(
    "prose",
    [
        "MedChat outperforms [Llama 3.1 8B](https://huggingface.co/meta-llama/Llama-3.1-8B) on MedQA.",
        "Compared to meta-llama/Llama-3.1-8B, MedChat is based on a cleaner recipe.",
        "| model | MedQA |\n|---|---|\n| meta-llama/Llama-3.1-8B (based on Llama 3.1) | 61.0 |",
        "MedChat was fine-tuned on [our dialogues](https://huggingface.co/datasets/acme/dialogues).",
    ],
)
def test_comparisons_benchmarks_and_datasets_are_not_lineage(model, scan, prose):
    """A comparison, a benchmark table or a dataset link names models the card is not made from."""
    card = f"---\nlicense: apache-2.0\n---\n\n# MedChat\n\n{prose}\n"
    _, data, _ = scan(model(files={"README.md": card}))
    assert not inferred(data) and not findings(data, "base-license-conflict")


def test_a_display_phrase_only_some_licenses_require_is_weak_evidence(model, scan):
    """ "Built with Llama" is the display the Llama 3.1, 3.2, 3.3 and 4 licenses require (§1.b.i(B)): a card
    showing it under mit points at that family, a warning with the phrase's line; never an error alone."""
    card = "---\nlicense: mit\n---\n\n# MedChat\n\nMedChat answers medical questions. Built with Llama.\n"
    _, data, _ = scan(model(files={"README.md": card}))
    (base,) = inferred(data)
    assert base["id"] == "meta-llama/Llama-3.1-8B"
    (evidence,) = base["evidence"]
    assert (evidence["kind"], evidence["strength"], evidence["location"]["line"]) == ("display", "weak", 7)
    assert "llama3.1, llama3.2, llama3.3, llama4" in evidence["detail"] and "§1.b.i(B)" in evidence["detail"]
    assert {f["severity"] for f in findings(data, "base-license-conflict")} == {"warning"}


@pytest.mark.parametrize(
    "prose",
    [
        "Inference is built with llama.cpp and served on CPUs.",
        "The retrieval layer is built with LlamaIndex.",
        "MedChat was built with Llama 2 in mind.",
        "Our pipeline is built with llama-factory.",
    ],
)
def test_a_display_phrase_inside_a_longer_name_is_not_evidence(model, scan, prose):
    """llama.cpp, LlamaIndex, a version number after the phrase: another thing than the display."""
    card = f"---\nlicense: mit\n---\n\n# MedChat\n\n{prose}\n"
    _, data, _ = scan(model(files={"README.md": card}))
    assert not inferred(data) and not findings(data, "base-license-conflict")


def test_a_display_phrase_narrows_a_shared_shape(model, scan):
    """Llama 3.1 8B's exact shape with "Built with Llama": the shape decides, the phrase supports it."""
    card = "---\nlicense: apache-2.0\n---\n\n# MedChat\n\nBuilt with Llama\n"
    _, data, _ = scan(model(files={"README.md": card, "config.json": json.dumps(LLAMA_31_8B)}))
    (base,) = inferred(data)
    assert base["id"] == "meta-llama/Llama-3.1-8B"
    assert [e["kind"] for e in base["evidence"]] == ["architecture", "display"]


def test_a_gguf_header_is_architecture_evidence(model, scan, tmp_path):
    """llama.cpp's keys for Llama 3.1 8B's shape in a GGUF header, with no card base and no config.json."""
    u32, f32 = (lambda v: struct.pack("<I", v)), (lambda v: struct.pack("<f", v))
    folder = model("license: apache-2.0", name="gguf-model")
    _gguf(
        folder / "model.Q4_K_M.gguf",
        [
            ("general.architecture", 8, _gguf_str("llama")),
            ("llama.block_count", 4, u32(32)),
            ("llama.context_length", 4, u32(131072)),
            ("llama.embedding_length", 4, u32(4096)),
            ("llama.feed_forward_length", 4, u32(14336)),
            ("llama.attention.head_count", 4, u32(32)),
            ("llama.attention.head_count_kv", 4, u32(8)),
            ("llama.rope.freq_base", 6, f32(500000.0)),
        ],
    )
    _, data, _ = scan(folder)
    (base,) = inferred(data)
    assert base["evidence"][0]["location"]["path"].endswith("model.Q4_K_M.gguf")
    assert base["licenses"] and base["licenses"][0].startswith("llama3")


def test_a_declared_base_the_architecture_contradicts(model, scan):
    """Declared Mistral 7B, but the config is Llama 3.1 8B exactly: a warning on the base_model line."""
    folder = model(
        "license: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1", files={"config.json": json.dumps(LLAMA_31_8B)}
    )
    _, data, _ = scan(folder)
    (f,) = findings(data, "base-contradicted")
    assert f["severity"] == "warning" and f["location"]["line"] == 3 and "meta-llama/Llama-3.1-8B" in f["message"]
    assert not inferred(data)  # a declared base that resolves is not replaced by inference


def test_a_declared_base_that_agrees_with_the_evidence_adds_nothing(model, scan):
    folder = model(
        "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B", files={"config.json": json.dumps(LLAMA_31_8B)}
    )
    _, data, _ = scan(folder)
    assert not inferred(data) and not findings(data, "base-contradicted") and not findings(data, "undeclared-base")
