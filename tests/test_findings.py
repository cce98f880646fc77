"""A positive and a negative case for every finding licheck reports, on real folders."""

from __future__ import annotations

import pytest

from conftest import findings, shared_text
from licheck.engine.checks import KINDS

LLAMA_FINETUNE = """
    license: llama3.1
    base_model: meta-llama/Llama-3.1-8B-Instruct
    model-index:
      - name: Llama-3.1-8B-Tutor
"""


def names(data, severity=None):
    return {f["name"] for f in findings(data) if severity is None or f["severity"] == severity}


def test_every_kind_has_a_unique_code_and_docs():
    assert len({k.code for k in KINDS}) == len(KINDS) == len({k.name for k in KINDS})
    for k in KINDS:
        assert k.severity in ("error", "warning", "info") and k.summary and k.why and k.fix


# --- missing-license -------------------------------------------------------------------------


def test_missing_license_positive(model, scan):
    code, data, _ = scan(model("pipeline_tag: text-generation"))
    assert code == 1
    (f,) = findings(data, "missing-license")
    assert f["severity"] == "error" and f["location"]["path"].endswith("README.md")


def test_missing_license_negative(model, scan):
    code, data, _ = scan(model("license: mit"))
    assert code == 0 and not findings(data, "missing-license")


def test_missing_license_in_card_but_license_file_detected_is_a_warning(model, scan):
    _, data, _ = scan(model("pipeline_tag: text-generation", files={"LICENSE": shared_text("mit.txt")}))
    (f,) = findings(data, "missing-license")
    assert f["severity"] == "warning" and "mit" in f["message"]


# --- unknown-license -------------------------------------------------------------------------


def test_unknown_license_positive_with_suggestion(model, scan):
    _, data, _ = scan(model("license: other\nlicense_name: flux-1-dev-non-comercial-license"))
    messages = " ".join(f["message"] for f in findings(data, "unknown-license"))
    assert "Did you mean flux-1-dev-non-commercial-license" in messages


@pytest.mark.parametrize("value", ["cc", "gpl", "unknown"])
def test_unknown_license_for_families_and_unknown(model, scan, value):
    _, data, _ = scan(model(f"license: {value}"))
    assert findings(data, "unknown-license")


def test_unknown_license_negative(model, scan):
    _, data, _ = scan(model("license: other\nlicense_name: flux-1-dev-non-commercial-license"))
    assert not findings(data, "unknown-license")


# --- license-mismatch ------------------------------------------------------------------------


def test_license_mismatch_between_card_and_license_file(model, scan):
    # The card allows more than the text shipped (commercial use 'yes' against 'conditional'): relabelling.
    _, data, _ = scan(model("license: apache-2.0", files={"LICENSE": shared_text("llama3.1.txt")}))
    (f,) = findings(data, "license-mismatch")
    assert "llama3.1" in f["message"] and f["severity"] == "error" and "Relabelling" in f["message"]
    assert f["location"]["path"].endswith("README.md") and f["location"]["line"] == 2
    concluded = {e["id"] for e in data["results"][0]["licenses"]["concluded"]}
    assert concluded == {"apache-2.0", "llama3.1"}  # most restrictive terms are not dropped


def test_license_mismatch_between_id_and_link(model, scan):
    _, data, _ = scan(
        model("license: cc-by-nd-4.0\nlicense_link: https://creativecommons.org/licenses/by-nc-nd/4.0/deed.en")
    )
    assert findings(data, "license-mismatch")


def test_license_mismatch_negative_when_all_agree(model, scan):
    _, data, _ = scan(
        model(
            "license: llama3.1\nlicense_link: https://llama.meta.com/llama3_1/license",
            files={"LICENSE": shared_text("llama3.1.txt")},
        )
    )
    assert not findings(data, "license-mismatch")


def test_extension_license_agrees_with_its_base(model, scan):
    card = "license: cc-by-nc-4.0\nlicense_link: https://cohere.com/c4ai-cc-by-nc-license"
    _, data, _ = scan(model(card))
    assert not findings(data, "license-mismatch")
    assert "c4ai-cc-by-nc-4.0" in {e["id"] for e in data["results"][0]["licenses"]["concluded"]}


# --- base-license-conflict -------------------------------------------------------------------


def test_base_license_conflict_llama_relabelled(model, scan):
    _, data, _ = scan(model("license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B"))
    (f,) = findings(data, "base-license-conflict")
    assert f["license"] == "llama3.1" and f["citation"] == "§1.b.i"
    assert f["path"] == ["meta-llama/Llama-3.1-8B"] and f["location"]["line"] == 3


def test_base_license_conflict_through_two_levels(model, scan):
    # unsloth's 4-bit quantization is itself under llama3.1 and leads on to Meta's model
    _, data, _ = scan(model("license: mit\nbase_model: unsloth/meta-llama-3.1-8b-bnb-4bit"))
    lineage = data["results"][0]["lineage"]
    assert [a["id"] for a in lineage] == ["unsloth/meta-llama-3.1-8b-bnb-4bit", "meta-llama/Llama-3.1-8B"]
    assert lineage[1]["path"] == ["unsloth/meta-llama-3.1-8b-bnb-4bit", "meta-llama/Llama-3.1-8B"]
    assert findings(data, "base-license-conflict")


def test_base_license_conflict_negative_permissive_base(model, scan):
    _, data, _ = scan(model("license: mit\nbase_model: mistralai/Mistral-7B-v0.1"))
    assert not findings(data, "base-license-conflict")


def test_base_license_conflict_negative_same_license(model, scan):
    _, data, _ = scan(model(LLAMA_FINETUNE))
    assert not findings(data, "base-license-conflict") and not names(data, "error")


# --- non-commercial-use ----------------------------------------------------------------------


def test_non_commercial_use_inherited_from_flux(model, scan):
    _, data, _ = scan(model("license: mit\nbase_model: black-forest-labs/FLUX.1-dev\nbase_model_relation: adapter"))
    (f,) = findings(data, "non-commercial-use")
    assert f["license"] == "flux-1-dev-non-commercial-license" and f["path"] == ["black-forest-labs/FLUX.1-dev"]


def test_non_commercial_use_negative_for_non_commercial_policy(model, scan):
    code, data, _ = scan(model("license: cc-by-nc-4.0"), "--non-commercial")
    assert code == 0 and not findings(data, "non-commercial-use")


def test_research_only_warns_even_for_non_commercial_use(model, scan):
    _, data, _ = scan(model("license: other\nlicense_name: mrl"), "--non-commercial")
    (f,) = findings(data, "non-commercial-use")
    assert f["severity"] == "warning" and "research-only" in f["message"]


def test_non_commercial_use_negative_schnell(model, scan):
    _, data, _ = scan(model("license: apache-2.0\nbase_model: black-forest-labs/FLUX.1-schnell"))
    assert not findings(data, "non-commercial-use")


# --- mau-threshold ---------------------------------------------------------------------------


def test_mau_threshold_exceeded(model, scan):
    code, data, _ = scan(model(LLAMA_FINETUNE), "--mau", "800000000")
    (f,) = findings(data, "mau-threshold")
    assert code == 1 and f["citation"] == "§2" and "700,000,000" in f["message"]


def test_mau_threshold_below_and_unknown(model, scan):
    folder = model(LLAMA_FINETUNE)
    _, below, _ = scan(folder, "--mau", "5000000")
    assert not findings(below, "mau-threshold")
    _, unknown, _ = scan(folder)
    assert not findings(unknown, "mau-threshold")
    (obligation,) = [o for o in unknown["results"][0]["obligations"] if o["kind"] == "threshold"]
    assert obligation["condition"] and "--mau" in obligation["condition"]  # conditional, not a pass


# --- revenue-threshold -----------------------------------------------------------------------


def test_revenue_threshold(model, scan):
    folder = model("license: other\nlicense_name: stabilityai-ai-community")
    _, over, _ = scan(folder, "--revenue", "2000000")
    (f,) = findings(over, "revenue-threshold")
    assert f["citation"] == "§III"
    _, under, _ = scan(folder, "--revenue", "900000")
    assert not findings(under, "revenue-threshold")


# --- territory-excluded ----------------------------------------------------------------------

VISION = "license: llama3.2\nbase_model: meta-llama/Llama-3.2-11B-Vision-Instruct\npipeline_tag: image-text-to-text"


def test_territory_excluded_multimodal_llama_in_eu_member_state(model, scan):
    _, data, _ = scan(model(VISION), "--territory", "de")
    (f,) = findings(data, "territory-excluded")
    assert f["severity"] == "error" and "EU" in f["message"]


def test_territory_negative_outside_eu_and_for_text_models(model, scan):
    _, us, _ = scan(model(VISION), "--territory", "US")
    assert not findings(us, "territory-excluded")
    _, text_only, _ = scan(
        model("license: llama3.2\nbase_model: meta-llama/Llama-3.2-1B", name="text"), "--territory", "EU"
    )
    assert {f["severity"] for f in findings(text_only, "territory-excluded")} <= {"info"}


def test_bad_territory_is_a_usage_error(model, scan):
    code, _, stderr = scan(model("license: mit"), "--territory", "Germany")
    assert code == 2 and "ISO 3166-1" in stderr


# --- naming-rule -----------------------------------------------------------------------------


def test_naming_rule_positive(model, scan):
    _, data, _ = scan(model("license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\nmodel-index:\n  - name: Tutor-8B"))
    (f,) = findings(data, "naming-rule")
    assert '"Llama"' in f["message"] and f["location"]["line"] == 5


def test_naming_rule_llama3_needs_llama_3_prefix(model, scan):
    folder = model("license: llama3\nbase_model: meta-llama/Meta-Llama-3-8B")
    _, bad, _ = scan(folder, "--model-name", "Llama-Tutor-8B")
    assert findings(bad, "naming-rule")
    _, good, _ = scan(folder, "--model-name", "Llama-3-Tutor-8B")
    assert not findings(good, "naming-rule")


def test_naming_rule_negative_for_quantizations(model, scan):
    card = "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B-Instruct\nbase_model_relation: quantized"
    _, data, _ = scan(model(card), "--model-name", "Meta-Llama-3.1-8B-Instruct-GGUF")
    # no error: the exemption, argued from §1.b.i's wording, is shown as info
    assert [f["severity"] for f in findings(data, "naming-rule")] == ["info"]


# --- no-derivatives and share-alike ----------------------------------------------------------


@pytest.fixture
def nd_base_rules(tmp_path, monkeypatch):
    """The real rule set plus one well-known model under CC-BY-ND-4.0."""
    import shutil

    from conftest import ROOT

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with open(rules / "well-known-models.yaml", "a") as table:
        table.write(
            "  - id: example-org/nd-base\n    licenses: [cc-by-nd-4.0]\n    source: test fixture for no-derivatives\n"
        )
    monkeypatch.setenv("LICHECK_RULES_DIR", str(rules))


def test_no_derivatives_positive(model, scan, nd_base_rules):
    _, data, _ = scan(model("license: cc-by-nd-4.0\nbase_model: example-org/nd-base"))
    (f,) = findings(data, "no-derivatives")
    assert f["license"] == "cc-by-nd-4.0" and f["path"] == ["example-org/nd-base"]


def test_no_derivatives_negative(model, scan, nd_base_rules):
    _, data, _ = scan(model("license: cc-by-sa-4.0\nbase_model: Tap-M/Luna-AI-Llama2-Uncensored"))
    assert not findings(data, "no-derivatives")


def test_share_alike_positive_and_negative(model, scan):
    _, bad, _ = scan(model("license: mit\nbase_model: Tap-M/Luna-AI-Llama2-Uncensored", name="bad"))
    (f,) = findings(bad, "share-alike")
    assert f["license"] == "cc-by-sa-4.0"
    _, good, _ = scan(model("license: cc-by-sa-4.0\nbase_model: Tap-M/Luna-AI-Llama2-Uncensored", name="good"))
    assert not findings(good, "share-alike")


# --- unresolved-base -------------------------------------------------------------------------


def test_unresolved_base_and_local_path(model, scan):
    _, data, _ = scan(
        model(
            "license: mit\nbase_model: some-org/some-unknown-model",
            files={"adapter_config.json": '{"base_model_name_or_path": "/root/ckpt/base"}'},
        )
    )
    messages = [f["message"] for f in findings(data, "unresolved-base")]
    assert len(messages) == 1 and "some-org/some-unknown-model" in messages[0]  # the card wins over hints
    _, local, _ = scan(model(files={"adapter_config.json": '{"base_model_name_or_path": "D:/runs/llama"}'}, name="lp"))
    assert "local filesystem path" in findings(local, "unresolved-base")[0]["message"]


def test_unresolved_base_negative(model, scan):
    _, data, _ = scan(model(LLAMA_FINETUNE))
    assert not findings(data, "unresolved-base")


# --- input-error -----------------------------------------------------------------------------


def test_input_error_positive(model, scan):
    folder = model(files={"README.md": "---\nlicense: mit\nbase_model: [a,\tb\n---\n", "config.json": "{not json"})
    _code, data, _ = scan(folder)
    errors = findings(data, "input-error")
    assert {e["location"]["path"].rsplit("/", 1)[-1] for e in errors} == {"README.md", "config.json"}
    assert all(e["location"]["line"] for e in errors)
    # what could be read is kept: the license line survives the broken YAML
    assert [e["id"] for e in data["results"][0]["licenses"]["declared"]] == ["mit"]


def test_input_error_negative(model, scan):
    _, data, _ = scan(model("license: mit", files={"config.json": "{}"}))
    assert not findings(data, "input-error")
