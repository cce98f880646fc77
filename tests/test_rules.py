"""The rule set: valid, cross-referenced, shipped in the wheel, fingerprints and docs current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED
from licheck.catalog.loader import RuleSetError, load_rules, rules_dir

SEED = [
    "apache-2.0",
    "mit",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "openrail++",
    "bigscience-bloom-rail-1.0",
    "stabilityai-ai-community",
    "deepseek",
    "mrl",
    "gpl-3.0",
    "yi-license-1.0",
    "yi-license-2.0",
    "yi-license-2.1",
    "c4ai-cc-by-nc-4.0",
    "flux-1-dev-non-commercial-license",
    "mnpl",
    "qwen",
    "tongyi-qianwen",
]


def test_seed_licenses_are_present_and_cited(catalog):
    for license_id in SEED:
        lic = catalog.get(license_id)
        assert lic is not None, license_id
        assert lic.permission("commercial_use") and lic.permissions["commercial_use"].section


def test_thresholds_and_phrases_come_from_the_texts(catalog):
    llama = catalog.get("llama3.1")
    assert llama.thresholds[0].limit == 700_000_000 and llama.display.text == "Built with Llama"
    assert llama.naming.prefix == "Llama" and "outputs" in llama.naming.triggers
    assert catalog.get("llama3").naming.prefix == "Llama 3" and catalog.get("llama3").naming.triggers == ("derivative",)
    assert catalog.get("stabilityai-ai-community").thresholds[0].limit == 1_000_000
    assert catalog.get("gemma").naming is None and catalog.get("gemma").acceptable_use.pass_through


def test_phrases_appear_verbatim_in_the_reference_texts(catalog):
    for lic in catalog.licenses.values():
        for clause in (lic.notice, lic.display):
            if clause is None or not lic.references:
                continue
            texts = [" ".join((SHARED / "licenses" / r).read_text(encoding="utf-8").split()) for r in lic.references]
            wanted = " ".join(clause.text.split())
            assert any(wanted in t for t in texts), f"{lic.id}: {wanted!r}"


@pytest.fixture
def copied_rules(tmp_path, monkeypatch):
    """A copy of the rule set to break, with a cache of its own."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def test_broken_files_are_all_reported(copied_rules):
    rules = copied_rules
    (rules / "licenses" / "mit.yaml").write_text("id: mit\nkind: license\nname: MIT\n")
    (rules / "licenses" / "apache-2.0.yaml").write_text(
        (rules / "licenses" / "apache-2.0.yaml").read_text().replace("category: permissive", "category: lenient")
    )
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules)
    text = "\n".join(caught.value.problems)
    assert "mit.yaml" in text and "apache-2.0.yaml" in text and "lenient" in text


def test_a_name_pattern_that_does_not_compile_is_reported(copied_rules):
    rules = copied_rules
    table = rules / "model-names.yaml"
    table.write_text(table.read_text().replace("pattern: '(^|[^a-z0-9])mixtral([^a-z]|$)'", "pattern: 'mixtral(['"))
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules)
    assert any("model-names.yaml: pattern 'mixtral(['" in problem for problem in caught.value.problems)


def test_a_rule_set_failing_a_check_between_files_is_never_cached(tmp_path, copied_rules):
    """Checks between files run only when the files are validated, so a failing rule set must not reach the cache."""
    rules = copied_rules
    mit = rules / "licenses" / "mit.yaml"
    mit.write_text(mit.read_text().replace("id: mit\n", "id: mit\nextends: no-such-license\n", 1))
    for _ in range(2):
        with pytest.raises(RuleSetError, match="extends names unknown license 'no-such-license'"):
            load_rules(rules)
    assert not list((tmp_path / "cache").glob("rules/*.json"))


def test_a_value_the_code_does_not_know_is_a_load_error_naming_its_file(copied_rules):
    """Schema and code disagreeing is reported, and so is each rule file using the value only the schema knows."""
    rules = copied_rules
    schema = rules / "schema" / "license.schema.json"
    schema.write_text(schema.read_text().replace('"monthly-active-users",', '"monthly-active-users", "tokens",', 1))
    llama = rules / "licenses" / "llama3.1.yaml"
    llama.write_text(llama.read_text().replace("metric: monthly-active-users", "metric: tokens", 1))
    with pytest.raises(RuleSetError) as caught:
        load_rules(rules)
    assert any("$defs/metric lists" in problem for problem in caught.value.problems)
    assert any(problem.startswith(f"{llama}: 'tokens' is not a valid Metric") for problem in caught.value.problems)


def test_licenses_are_looked_up_from_the_cached_rule_set(tmp_path, monkeypatch):
    """A run that finds the cache builds each License when it is looked up; the table still holds every rule."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    validated = load_rules()
    cached = load_rules()
    assert len(cached.licenses) == len(list((rules_dir() / "licenses").glob("*.yaml")))
    assert cached.licenses["llama3.1"] == validated.licenses["llama3.1"]
    assert cached.licenses.get("llama3.1") is cached.licenses["llama3.1"]  # built once
    assert "no-such-license" not in cached.licenses and cached.licenses.get("no-such-license") is None
    with pytest.raises(KeyError):
        cached.licenses["no-such-license"]
    assert {lic.id for lic in cached.licenses.values()} == set(cached.licenses)


def test_installed_package_ships_the_rule_set():
    shipped = rules_dir()
    assert (shipped / "licenses" / "llama3.1.yaml").read_text() == (
        ROOT / "rules" / "licenses" / "llama3.1.yaml"
    ).read_text()
    assert {p.name for p in (shipped / "licenses").iterdir()} == {
        p.name for p in (ROOT / "rules" / "licenses").iterdir()
    }


def test_fingerprints_are_current():
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_fingerprints.py"),
            "--check",
            "--licenses",
            str(SHARED / "licenses"),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


# licheck's own license: the Apache License 2.0 that licheck is distributed under, not a reference text
# for identifying licenses. It is the only file allowed to equal one of ../shared/licenses.
OWN_LICENSE = "LICENSE"


def test_no_license_text_is_copied_into_the_project():
    references = {p.read_bytes() for p in (SHARED / "licenses").glob("*.txt")}
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=False, capture_output=True)
    if listed.returncode != 0:
        pytest.fail(f"{ROOT} is not a git checkout: this test checks the files git tracks")
    tracked = [ROOT / name for name in listed.stdout.decode("utf-8").split("\0") if name and name != OWN_LICENSE]
    assert len(tracked) > 100  # the listing worked: every rule file, test, doc and example is there
    copies = [p for p in tracked if p.is_file() and p.stat().st_size < 2_000_000 and p.read_bytes() in references]
    assert not copies


def test_generated_docs_are_current():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_docs.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def hub_ids() -> list[tuple[str, str]]:
    tsv = SHARED / "hub-license-ids.tsv"
    if not tsv.exists():
        pytest.fail(f"{tsv} is missing: the tests need ../shared beside the project")
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(row[0], row[2] if len(row) > 2 else "") for row in rows]


def test_every_hub_license_id_has_a_rule_file_or_a_family_entry(catalog):
    ids = hub_ids()
    assert len(ids) == 83
    by_hub = {lic.hub_id: lic for lic in catalog.licenses.values() if lic.hub_id}
    for hub_id, spdx in ids:
        if hub_id in catalog.families:
            family = catalog.families[hub_id]
            assert family.kind in ("family", "placeholder") and family.guidance
            assert catalog.resolve_id(hub_id).status in ("ambiguous", "placeholder")
            continue
        assert hub_id in by_hub, f"no rule file declares hub id {hub_id}"
        lic = by_hub[hub_id]
        assert catalog.resolve_id(hub_id).licenses == (lic.id,)
        if spdx.strip() and not spdx.startswith("LicenseRef"):
            assert lic.spdx_id == spdx.strip(), hub_id


@pytest.mark.parametrize("legacy,license_id", [("tii-falcon-llm", "tii-falcon-llm"), ("open-mdw", "openmdw-1.0")])
def test_legacy_hub_ids_still_resolve(catalog, legacy, license_id):
    assert catalog.resolve_id(legacy).licenses == (license_id,)


def test_unverified_rules_say_why(catalog):
    for lic in catalog.licenses.values():
        if not lic.verified:
            assert lic.notes, f"{lic.id} is unverified but does not say what is missing"


def test_the_validated_rule_set_is_cached_by_content(tmp_path, monkeypatch, copied_rules):
    from licheck.catalog import loader

    rules = copied_rules
    first = load_rules(rules)
    (entry,) = (tmp_path / "cache" / "rules").glob("*.json")
    entry.write_text('{"format": 1, "licenses": 3}')  # damaged, yet valid JSON: validated again, replaced
    assert load_rules(rules).licenses.keys() == first.licenses.keys()
    _header, _, data = entry.read_text().partition("\n")  # the data after a header line holding its hash
    assert len(json.loads(data)["licenses"]) == len(first.licenses)

    def no_validation(path):
        raise AssertionError("a cached rule set is not validated again")

    monkeypatch.setattr(loader, "_schema_validator", no_validation)
    assert load_rules(rules).licenses.keys() == first.licenses.keys()
    # Any change to a rule file misses the cache, so a broken edit is always reported.
    mit = rules / "licenses" / "mit.yaml"
    mit.write_text(mit.read_text().replace("category: permissive", "category: lenient"))
    with pytest.raises(AssertionError, match="not validated again"):
        load_rules(rules)
