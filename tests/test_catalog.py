"""Declarations to licenses: Hub ids, SPDX expressions, license_name slugs, URLs, aliases."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, SHARED
from licheck.cache import CACHE_ENV
from licheck.cli import cli


@pytest.mark.parametrize(
    "value,expected",
    [
        ("llama3.1", ("llama3.1",)),
        ("MIT", ("mit",)),
        ("Apache-2.0", ("apache-2.0",)),
        ("openrail++", ("openrail++",)),
        ("CC-BY-NC-4.0", ("cc-by-nc-4.0",)),
        ("GPL-3.0-only", ("gpl-3.0",)),
    ],
)
def test_hub_and_spdx_ids(catalog, value, expected):
    r = catalog.resolve_id(value)
    assert r.status == "known" and r.licenses == expected


def test_spdx_expressions_are_parsed(catalog):
    r = catalog.resolve_id("Apache-2.0 OR MIT")
    assert r.status == "known" and r.is_choice and r.alternatives == (("apache-2.0",), ("mit",))
    assert catalog.resolve_id("(MIT AND CC-BY-4.0)").alternatives == (("mit", "cc-by-4.0"),)
    assert catalog.resolve_id("MIT OR Frobnicate-1.0").status == "unknown"


def test_nested_expressions_keep_and_or_semantics(catalog):
    r = catalog.resolve_id("(MIT OR Apache-2.0) AND CC-BY-NC-4.0")
    assert r.alternatives == (("mit", "cc-by-nc-4.0"), ("apache-2.0", "cc-by-nc-4.0"))
    both = catalog.resolve_id("(MIT OR Apache-2.0) AND (CC-BY-4.0 OR CC0-1.0)")
    assert len(both.alternatives) == 4 and all(len(a) == 2 for a in both.alternatives)


def test_with_exception_checks_the_license_it_extends(catalog):
    r = catalog.resolve_id("Apache-2.0 WITH LLVM-exception")
    assert r.status == "known" and r.alternatives == (("apache-2.0",),)


def test_or_choice_in_an_and_picks_the_least_restrictive_alternative(model, scan):
    folder = model("license: (CC-BY-NC-4.0 OR MIT) AND Apache-2.0")
    code, data, _ = scan(folder)
    declared = {e["id"] for e in data["results"][0]["licenses"]["declared"]}
    assert declared == {"mit", "apache-2.0"} and code == 0


@pytest.mark.parametrize(
    "slug,expected",
    [
        ("flux-1-dev-non-commercial-license", "flux-1-dev-non-commercial-license"),
        ("qwen", "qwen"),
        ("deepseek", "deepseek"),
        ("deepseek-license", "deepseek"),
        ("mrl", "mrl"),
        ("mnpl", "mnpl"),
        ("gemma-terms-of-use", "gemma"),
        ("yi-34b", "yi-license-2.1"),
        ("yi-license", "yi-license-2.1"),
        ("llama3", "llama3"),
        ("stabilityai-ai-community", "stabilityai-ai-community"),
        ("qwen-research", "qwen-research"),
        ("tongyi-qianwen", "tongyi-qianwen"),
        ("Llama 3.1 Community License", "llama3.1"),
    ],
)
def test_license_name_slugs(catalog, slug, expected):
    assert catalog.resolve_name(slug).licenses == (expected,)


@pytest.mark.parametrize("value", ["other", "license", "unknown", ""])
def test_placeholders(catalog, value):
    assert catalog.resolve_name(value).status == "placeholder"


def test_family_ids_are_ambiguous(catalog):
    assert catalog.resolve_id("cc").status == "ambiguous" and catalog.resolve_id("gpl").status == "ambiguous"


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md",
            "flux-1-dev-non-commercial-license",
        ),
        (
            "https://huggingface.co/black-forest-labs/FLUX.1-dev/resolve/main/LICENSE.md.",
            "flux-1-dev-non-commercial-license",
        ),
        ("http://www.apache.org/licenses/LICENSE-2.0", "apache-2.0"),
        ("https://raw.githubusercontent.com/meta-llama/llama-models/main/models/llama3_1/LICENSE", "llama3.1"),
        ("https://mistral.ai/licenses/MRL-0.1.md", "mrl"),
        ("https://creativecommons.org/licenses/by-nc-nd/4.0/deed.en", "cc-by-nc-nd-4.0"),
    ],
)
def test_license_links(catalog, url, expected):
    assert expected in catalog.resolve_link(url).licenses


def test_link_into_a_well_known_model_repository(catalog):
    r = catalog.resolve_link("https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/LICENSE")
    assert r.licenses == ("llama3",)


def test_relative_links_are_local(catalog):
    assert catalog.resolve_link("LICENSE.md").status == "local"


def test_close_match_suggestion(catalog):
    assert (
        "apache-2.0" in catalog.resolve_id("apache-2").licenses
        or "apache-2.0" in catalog.resolve_id("apache2.0").suggestions
    )


def test_well_known_models_are_case_insensitive_and_aliased(catalog):
    assert catalog.well_known("META-LLAMA/meta-llama-3.1-8b").licenses == ("llama3.1",)
    assert catalog.well_known("black-forest-labs/FLUX.1-schnell").licenses == ("apache-2.0",)
    assert catalog.well_known("stabilityai/stable-diffusion-xl-base-1.0").licenses == ("openrail++",)
    assert catalog.well_known("mistralai/Mistral-7B-v0.1").licenses == ("apache-2.0",)
    assert catalog.well_known("black-forest-labs/FLUX.1-dev").licenses == ("flux-1-dev-non-commercial-license",)


# license_name slugs and links of the corpus whose license licheck has no text or facts for; every other
# value the corpus declares must resolve (a new alias falling through fails here).
UNKNOWN_IN_CORPUS = {
    "license_name": {
        "exaone",
        "falcon-mamba-7b-license",
        "freeuse",
        "iconn",
        "katanemo-research",
        "med42",
        "nvidia-community-model-license",
        "stable-video-diffusion-community",
        "stem.ai.mtl",
    },
    "license_link": {
        "https://falconllm.tii.ae/falcon-mamba-7b-terms-and-conditions.html",
        "https://huggingface.co/WizardLM/WizardMath-7B-V1.1/resolve/main/LICENSE",
        "https://huggingface.co/katanemo/Arch-Agent-7B.gguf/blob/main/LICENSE",
        "https://huggingface.co/microsoft/phi-4-gguf/resolve/main/LICENSE",
        "https://huggingface.co/nvidia/Nemotron-Mini-4B-Instruct/blob/main/nvidia-community-model-license-aug2024.pdf",
    },
}


def corpus_values() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"license": set(), "license_name": set(), "license_link": set()}
    for card in sorted((SHARED / "corpus" / "cards").glob("*.md")):
        text = card.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        match = re.match(r"\s*---\n(.*?)\n---", text, re.DOTALL)
        try:
            data = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            continue  # broken front matter: the card reader's tests cover it
        if not isinstance(data, dict):
            continue
        for key, seen in found.items():
            values = data.get(key)
            seen.update(str(v) for v in (values if isinstance(values, list) else [values]) if v)
    return found


def test_no_license_value_of_the_corpus_falls_through(catalog):
    values = corpus_values()
    assert values["license"] and values["license_name"] and values["license_link"]
    resolve = {
        "license": catalog.resolve_id,
        "license_name": catalog.resolve_name,
        "license_link": catalog.resolve_link,
    }
    for key, found in values.items():
        unknown = {v for v in found if resolve[key](v).status == "unknown"}
        assert unknown == UNKNOWN_IN_CORPUS.get(key, set()), key


def test_unknown_names_get_a_did_you_mean(catalog):
    assert "stable-video-diffusion-nc-community" in catalog.resolve_name("stable-video-diffusion-community").suggestions
    assert "llama3.1" in catalog.resolve_id("llama-3.1-comunity-license").suggestions


# --- the rule-set cache is input too (issue 14) -------------------------------------------------------


def _relabelled_llama_exit(cache: Path) -> int:
    """`licheck scan` of the Apache-relabelled Llama 3.1 fine-tune (exit 1: base-license-conflict)."""
    result = CliRunner().invoke(
        cli, ["scan", "--no-config", str(ROOT / "examples" / "llama-relabelled-apache")], env={CACHE_ENV: str(cache)}
    )
    return result.exit_code


def _entry(cache: Path) -> Path:
    (entry,) = (cache / "rules").glob("*.json")
    return entry


def _permissive_llama(body: bytes) -> bytes:
    """The cached rule set with Llama 3.1 made a permissive license that lets derivatives relicense."""
    rules = json.loads(body)
    llama = rules["licenses"]["llama3.1.yaml"]
    llama["category"] = "permissive"
    llama["conditions"]["derivatives"]["terms"] = "any"
    return json.dumps(rules).encode()


def test_an_edited_rule_set_cache_entry_is_a_miss_and_the_verdict_stands(tmp_path):
    assert _relabelled_llama_exit(tmp_path) == 1
    entry = _entry(tmp_path)
    header, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(header + b"\n" + _permissive_llama(body))  # edited; its hash no longer matches
    assert _relabelled_llama_exit(tmp_path) == 1
    assert _entry(tmp_path).read_bytes() == header + b"\n" + body  # validated again and rewritten
    # The edit is one that matters: written with its hash recomputed, it is trusted (the cache guards
    # against damage and edits, not against someone who can write the cache and rehash it).
    forged = _permissive_llama(body)
    entry.write_bytes(json.dumps({"format": 2, "sha256": hashlib.sha256(forged).hexdigest()}).encode() + b"\n" + forged)
    assert _relabelled_llama_exit(tmp_path) == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda header, body: header + b"\n" + b"[" * 100_000,
        lambda header, body: b"[" * 100_000 + b"\n" + body,
        lambda header, body: header + b"\n" + body[: len(body) // 2],
        lambda header, body: b"\0\xff" * 1000,
        lambda header, body: b"",
    ],
)
def test_a_damaged_or_deeply_nested_rule_set_cache_entry_is_a_miss(tmp_path, damage):
    assert _relabelled_llama_exit(tmp_path) == 1
    entry = _entry(tmp_path)
    whole = entry.read_bytes()
    entry.write_bytes(damage(*whole.split(b"\n", 1)))
    assert _relabelled_llama_exit(tmp_path) == 1
    assert entry.read_bytes() == whole
