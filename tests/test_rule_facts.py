"""Rule and table facts corrected for issue 12 (items 3, 8 and 10), each with a positive and a negative
case: derivative terms read from the license texts, the well-known-model table, and smaller text defects."""

from __future__ import annotations

import pytest

from conftest import findings

# Sao10K/L3-8B-Stheno-v3.2 is in the table under cc-by-nc-4.0 (and has no further base there).
NC_BASE = "Sao10K/L3-8B-Stheno-v3.2"


def names(data) -> set[str]:
    return {f["name"] for f in findings(data)}


# --- item 3: non-commercial terms follow derivatives (CC BY-NC 4.0 §2(a)(1)(B)) -----------------


def test_cc_by_nc_finetune_relabelled_fails_a_commercial_scan(model, scan):
    code, data, _ = scan(model(f"license: apache-2.0\nbase_model: {NC_BASE}"))
    (f,) = [f for f in findings(data, "non-commercial-use") if f["license"] == "cc-by-nc-4.0"]
    assert code == 1 and f["path"] == [NC_BASE]
    (conflict,) = findings(data, "base-license-conflict")
    assert conflict["license"] == "cc-by-nc-4.0" and "§2(a)(1)(B)" in conflict["citation"]


def test_cc_by_nc_finetune_passes_the_non_commercial_scan(model, scan):
    _, data, _ = scan(model(f"license: apache-2.0\nbase_model: {NC_BASE}"), "--non-commercial")
    assert not findings(data, "non-commercial-use")


def test_cc_by_nc_finetune_declaring_the_base_license_has_no_conflict(model, scan):
    code, data, _ = scan(model(f"license: cc-by-nc-4.0\nbase_model: {NC_BASE}"), "--non-commercial")
    assert code == 0 and not findings(data, "base-license-conflict")


def test_cc_by_nc_sa_is_a_license_nc_derivatives_may_use(model, scan):
    _, data, _ = scan(model(f"license: cc-by-nc-sa-4.0\nbase_model: {NC_BASE}"), "--non-commercial")
    assert not findings(data, "base-license-conflict")


@pytest.mark.parametrize(
    "license_id",
    [
        "cc-by-nc-4.0",
        "cc-by-nc-3.0",
        "cc-by-nc-2.0",
        "nvidia-open-model",
        "nvidia-open-model-2025-04-28",
        "minimax-model-license",
        "falcon-180b-tii-license-1.0",
        "tii-falcon-llm",
    ],
)
def test_terms_that_bind_derivatives_are_not_any(catalog, license_id):
    lic = catalog.get(license_id)
    assert lic.derivative_terms == "carry-over" and lic.derivatives.section


@pytest.mark.parametrize("license_id", ["apache-2.0", "mit", "cc-by-4.0", "nvidia-open-model-agreement-2026"])
def test_permissive_terms_stay_any(catalog, license_id):
    assert catalog.get(license_id).derivative_terms == "any"


def test_nvidia_open_model_license_is_use_restricted_not_permissive(catalog):
    for license_id in ("nvidia-open-model", "nvidia-open-model-2025-04-28"):
        lic = catalog.get(license_id)
        assert lic.category == "use-restricted" and "§2.1" in lic.derivatives.section
    assert catalog.get("nvidia-open-model-agreement-2026").category == "permissive"


# --- item 8: the well-known-model table -------------------------------------------------------


def test_yi_finetune_under_apache_has_no_conflict(model, scan):
    for base in ("01-ai/Yi-6B", "01-ai/Yi-34B-Chat", "01-ai/Yi-9B"):
        _, data, _ = scan(model(f"license: apache-2.0\nbase_model: {base}", name=base.split("/")[1]))
        assert not findings(data, "base-license-conflict") and not findings(data, "unresolved-base"), base


def test_yi_keeps_its_earlier_edition(catalog):
    yi = catalog.well_known("01-ai/Yi-6B")
    assert yi.licenses == ("apache-2.0",)
    assert yi.previously[0].licenses == ("yi-license-2.1",) and yi.previously[0].until == "2024-05-30"
    assert "62800976" in yi.previously[0].source
    assert catalog.well_known("meta-llama/Llama-3.1-8B").previously == ()  # default: no earlier edition


def test_relabelled_finetune_of_a_carry_over_base_still_conflicts(model, scan):
    _, data, _ = scan(model("license: apache-2.0\nbase_model: deepseek-ai/deepseek-coder-6.7b-base"))
    assert findings(data, "base-license-conflict")[0]["license"] == "deepseek"


@pytest.mark.parametrize(
    "base",
    [
        "EleutherAI/gpt-j-6b",
        "EleutherAI/pythia-1b",
        "tiiuae/falcon-7b",
        "tiiuae/falcon-40b-instruct",
        "mistralai/Mistral-Small-24B-Base-2501",
        "mistralai/Mistral-Small-24B-Instruct-2501",
        "Qwen/Qwen2.5-Coder-7B-Instruct",
        "allenai/OLMo-7B",
        "microsoft/phi-2",
    ],
)
def test_much_used_bases_resolve_offline(model, scan, base):
    code, data, _ = scan(model(f"license: apache-2.0\nbase_model: {base}"))
    assert not findings(data, "unresolved-base") and not findings(data, "base-license-conflict")
    assert code == 0


def test_unknown_base_is_still_unresolved(model, scan):
    _, data, _ = scan(model("license: apache-2.0\nbase_model: EleutherAI/gpt-j-7b"))
    assert findings(data, "unresolved-base")


@pytest.mark.parametrize("base", ["Qwen/Qwen2.5-3B", "Qwen/Qwen2.5-Coder-3B-Instruct"])
def test_qwen_3b_sizes_are_research_only(model, scan, base):
    _, data, _ = scan(model(f"license: apache-2.0\nbase_model: {base}"))
    (f,) = findings(data, "base-license-conflict")
    assert f["license"] == "qwen-research"


@pytest.mark.parametrize(
    "base",
    ["Qwen/Qwen2.5-7B", "Qwen/Qwen2.5-14B-Instruct", "Qwen/Qwen2.5-Coder-32B-Instruct", "Qwen/Qwen2-7B-Instruct"],
)
def test_other_qwen_sizes_are_apache(model, scan, base):
    _, data, _ = scan(model(f"license: apache-2.0\nbase_model: {base}"))
    assert not findings(data, "base-license-conflict") and not findings(data, "unresolved-base")


def test_qwen15_small_sizes_are_research_and_large_ones_commercial(catalog):
    assert catalog.well_known("Qwen/Qwen1.5-1.8B-Chat").licenses == ("tongyi-qianwen-research",)
    assert catalog.well_known("Qwen/Qwen1.5-72B-Chat").licenses == ("tongyi-qianwen",)
    assert catalog.well_known("Qwen/Qwen1.5-32B") is None  # card and LICENSE file disagree: left out


# --- item 10: smaller text defects ------------------------------------------------------------


def test_gemma_rule_claims_no_carve_out_the_text_lacks(catalog):
    assert "Gemma 4" not in (catalog.get("gemma").notes or "")


def test_flux_v111_has_no_date_and_records_2e_and_4a(catalog):
    lic = catalog.get("flux-1-dev-non-commercial-license")
    assert lic.date is None and "§2(e)" in lic.notes
    assert lic.acceptable_use.section == "§4(a)" and "data produced by" in lic.acceptable_use.note
    assert catalog.get("flux-1-dev-non-commercial-license-2024-08").date  # dated editions keep their dates


def test_cosmos_display_is_only_for_cosmos_models(catalog):
    for license_id in ("nvidia-open-model", "nvidia-open-model-2025-04-28"):
        display = catalog.get(license_id).display
        assert display.section == "§3.2" and display.note.startswith("Required only where an NVIDIA Cosmos Model")


@pytest.mark.parametrize("license_id", ["qwen", "qwen-research"])
def test_qwen_licenses_require_marking_modified_files(catalog, license_id):
    assert catalog.get(license_id).modification_notice.section == "§3(b)"


def test_qwen_finetune_gets_the_modification_notice_obligation(model, scan):
    _, data, _ = scan(model("license: other\nlicense_name: qwen\nbase_model: Qwen/Qwen2.5-72B-Instruct"))
    kinds = {(o["kind"], o.get("section") or o.get("citation")) for o in data["results"][0]["obligations"]}
    assert any(kind == "modification-notice" for kind, _ in kinds)
    _, plain, _ = scan(model("license: apache-2.0\nbase_model: Qwen/Qwen2.5-7B", name="apache"))
    assert not any(o["kind"] == "modification-notice" and "§3(b)" in str(o) for o in plain["results"][0]["obligations"])


def test_creativeml_rule_records_section_7(catalog):
    assert "§7" in catalog.get("creativeml-openrail-m").notes
