"""Every finding kind's check alone, on metadata built in memory (no files, no CLI): for each kind a case
that produces it and a close case that does not. Then the registry, the vocabulary and the rule schemas,
which must agree with each other."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT, shared_text
from licheck.catalog.loader import RuleSetError, load_rules
from licheck.engine.checks import (
    BASE_LICENSE_CONFLICT,
    DATASET_TERMS,
    INCOMPATIBLE_TERMS,
    INPUT_ERROR,
    KINDS,
    LICENSE_DENIED,
    LICENSE_MISMATCH,
    LICENSE_NOT_ALLOWED,
    MAU_THRESHOLD,
    MISSING_ATTRIBUTION,
    MISSING_LICENSE,
    NAMING_RULE,
    NO_DERIVATIVES,
    NON_COMMERCIAL_USE,
    OUTPUT_TRAINING,
    REVENUE_THRESHOLD,
    SHARE_ALIKE,
    TERRITORY_EXCLUDED,
    UNKNOWN_LICENSE,
    UNKNOWN_TRAINING_TERMS,
    UNRESOLVED_BASE,
)
from licheck.engine.checks.training import OUTPUT_RULES
from licheck.lineage.resolver import Resolved, ResolverChain, Unresolved
from licheck.lineage.table import TableResolver
from licheck.metadata import (
    BaseReference,
    Declaration,
    FileRole,
    InputProblem,
    LicenseFile,
    Located,
    Location,
    ModelMetadata,
)
from licheck.policy import Policy
from licheck.policy.selector import parse_selector
from licheck.reference.findings import TERMS
from licheck.vocabulary import SCHEMA_VOCABULARIES, TABLE_RELATIONS, OutputTrainingRule, Relation, Severity

README = "acme/m/README.md"
CARD = Location(README)  # where findings about the model as a whole are reported
NAMED_AT, DECLARED_AT, BASES_AT, DATASETS_AT = (Location(README, line) for line in (1, 2, 3, 4))
LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"
LLAMA_31_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved."
)


def card(
    *licenses: str,
    license_name: str | None = None,
    bases: tuple[str, ...] = (),
    relation: Relation | None = Relation.FINETUNE,
    datasets: tuple[str, ...] = (),
    name: str | None = None,
    **more: object,
) -> ModelMetadata:
    """A model whose card declares `licenses` (`license:` values) and `license_name`, names `bases` (each with
    `relation`) and `datasets`, and is called `name`; `more` sets other ModelMetadata fields."""
    return ModelMetadata(
        path="acme/m",
        folder_name="m",
        card=CARD,
        model_name=Located(name, NAMED_AT) if name else None,
        declarations=tuple(Declaration("id", value, "card", DECLARED_AT) for value in licenses)
        + ((Declaration("name", license_name, "card", DECLARED_AT),) if license_name else ()),
        bases=tuple(BaseReference(base, relation, "card", BASES_AT) for base in bases),
        datasets=tuple(Located(dataset, DATASETS_AT) for dataset in datasets),
        **more,
    )


def shipped(file_name: str, text: str, role: FileRole = "license") -> LicenseFile:
    """A license-like file of the model folder."""
    return LicenseFile(Location(f"acme/m/{file_name}"), role, text)


def node(entry_id: str, *licenses: str, bases: tuple[str, ...] = (), outputs_of: tuple[str, ...] = ()) -> Resolved:
    """What the test tree knows of a model or dataset: its licenses, bases and the models it learned from."""
    return Resolved(entry_id, licenses, "test tree", bases, Relation.FINETUNE if bases else None, outputs_of=outputs_of)


class Tree:
    """A fake resolver: the models and datasets it holds resolve; any other id does not."""

    def __init__(self, models: tuple[Resolved, ...] = (), datasets: tuple[Resolved, ...] = ()):
        self.models = {m.id: m for m in models}
        self.datasets = {d.id: d for d in datasets}

    def resolve_models(self, ids):
        return {i: self.models.get(i, Unresolved("not in the test tree")) for i in ids}

    def resolve_datasets(self, ids):
        return {i: self.datasets.get(i, Unresolved("not in the test tree")) for i in ids}


TREE = Tree(
    models=(
        node("acme/nd-base", "cc-by-nd-4.0"),
        node("acme/by-base", "cc-by-4.0"),
        node("acme/sa-base", "cc-by-sa-4.0"),
        node("acme/nc-base", "cc-by-nc-4.0"),
        node("acme/apache-base", "apache-2.0"),
        node("acme/llama-base", "llama3.1"),
        node("acme/sd-base", "stabilityai-ai-community"),
        node("acme/unlicensed-base"),
        node("acme/llama31-teacher", "llama3.1"),
        node("acme/llama2-chat", "llama2"),
        node("acme/llama2-ft", "llama2", bases=("acme/llama2-chat",)),
        node("acme/aya", "c4ai-cc-by-nc-4.0"),
        node("acme/student", "apache-2.0", outputs_of=("acme/gemma-teacher",)),
        node("acme/gemma-teacher", "gemma"),
    ),
    datasets=(
        node("acme/nc-data", "cc-by-nc-4.0"),
        node("acme/nd-data", "cc-by-nd-4.0"),
        node("acme/sa-data", "cc-by-sa-4.0"),
        node("acme/mit-data", "mit"),
        node("acme/odd-data", "acme-data-license"),
        node("acme/llama2-synth", "apache-2.0", outputs_of=("acme/llama2-chat",)),
        node("acme/llama31-synth", "apache-2.0", outputs_of=("acme/llama31-teacher",)),
        node("acme/sd-synth", "apache-2.0", outputs_of=("acme/sd-base",)),
        node("acme/aya-synth", "apache-2.0", outputs_of=("acme/aya",)),
        node("acme/gpt-synth", "apache-2.0", outputs_of=("OpenAI GPT-4",)),
        node("acme/vision-captions", "apache-2.0", outputs_of=("meta-llama/Llama-3.2-11B-Vision",)),
    ),
)


# --- LC001 missing-license --------------------------------------------------------------------


def test_missing_license_when_nothing_names_one(run):
    """No declaration and no license file: an error on the card, whose fix names what the bases pass on."""
    (f,) = run(MISSING_LICENSE, card())
    assert (f.severity, f.location, f.license) == (Severity.ERROR, CARD, None)
    assert "declares no license" in f.message and "nobody may use it" in f.message
    (inherited,) = run(MISSING_LICENSE, card(bases=(LLAMA_31,)))
    assert "(llama3.1)" in inherited.fix


def test_missing_license_in_the_card_when_only_a_license_file_names_one(run):
    """A recognised LICENSE file but a silent card is a warning: the Hub shows no license."""
    (f,) = run(MISSING_LICENSE, card(license_files=(shipped("LICENSE", shared_text("apache-2.0.txt")),)))
    assert f.severity == Severity.WARNING and f.location == CARD
    assert "acme/m/LICENSE says apache-2.0" in f.message and "the Hub shows no license" in f.message
    assert "`license:` for apache-2.0" in f.fix


def test_no_missing_license_when_the_card_declares_one(run):
    """The same cases with `license:` in the card."""
    assert run(MISSING_LICENSE, card("apache-2.0")) == []
    assert (
        run(MISSING_LICENSE, card("apache-2.0", license_files=(shipped("LICENSE", shared_text("apache-2.0.txt")),)))
        == []
    )


# --- LC002 unknown-license --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,words",
    [
        ("acme-custom-license", "is not a license licheck knows"),
        ("gpl", "names a family of licenses"),
        ("other", "names no license licheck can identify"),
        ("unknown", "the author does not say which license applies"),
    ],
)
def test_unknown_license_declared(run, value, words):
    """An unknown id, a family id and the placeholders are warnings where the card declares them."""
    (f,) = run(UNKNOWN_LICENSE, card(value))
    assert (f.severity, f.location) == (Severity.WARNING, DECLARED_AT)
    assert words in f.message and f"'{value}'" in f.message


def test_no_unknown_license_for_a_known_id_or_other_with_a_known_license_name(run):
    """A known id, and `other` explained by a license_name licheck knows."""
    assert run(UNKNOWN_LICENSE, card("mit")) == []
    assert run(UNKNOWN_LICENSE, card("other", license_name="llama3.1")) == []


def test_unknown_license_text_is_info_and_a_known_text_is_nothing(run):
    """A LICENSE file matching no reference is info at the file; the real Apache text is recognised."""
    (f,) = run(UNKNOWN_LICENSE, card("apache-2.0", license_files=(shipped("LICENSE", "All rights reserved."),)))
    assert (f.severity, f.location) == (Severity.INFO, Location("acme/m/LICENSE"))
    assert "not a license text licheck recognises" in f.message
    assert (
        run(UNKNOWN_LICENSE, card("apache-2.0", license_files=(shipped("LICENSE", shared_text("apache-2.0.txt")),)))
        == []
    )


# --- LC003 license-mismatch -------------------------------------------------------------------


def test_license_mismatch_between_card_and_license_file(run):
    """The card says MIT, the LICENSE file is Apache-2.0: a warning at the file; Apache in both agrees."""
    apache = (shipped("LICENSE", shared_text("apache-2.0.txt")),)
    (f,) = run(LICENSE_MISMATCH, card("mit", license_files=apache))
    assert (f.severity, f.location) == (Severity.WARNING, Location("acme/m/LICENSE"))
    assert "card license 'mit' (mit) disagrees with acme/m/LICENSE (apache-2.0)" in f.message
    assert run(LICENSE_MISMATCH, card("apache-2.0", license_files=apache)) == []


@pytest.mark.parametrize("expression", ["apache-2.0 OR mit", "mit OR apache-2.0"])
def test_no_license_mismatch_when_the_license_file_is_one_choice_of_the_declared_expression(run, expression):
    """A dual-licensed model shipping the text of one of its choices tells one story, in either order."""
    apache = (shipped("LICENSE", shared_text("apache-2.0.txt")),)
    assert run(LICENSE_MISMATCH, card(expression, license_files=apache)) == []


def test_license_mismatch_for_an_acceptable_use_policy_without_its_license(run):
    """The Llama 3.1 AUP shipped with an MIT model belongs to a license it does not name; with llama3.1 it does."""
    policy = (shipped("USE_POLICY.md", shared_text("llama3.1-aup.txt"), role="use-policy"),)
    (f,) = run(LICENSE_MISMATCH, card("mit", license_files=policy))
    assert f.location == Location("acme/m/USE_POLICY.md")
    assert "which belongs to llama3.1; this model names mit" in f.message
    assert run(LICENSE_MISMATCH, card("llama3.1", license_files=policy)) == []


def test_license_mismatch_for_another_version_of_the_base_s_license(run):
    """Declaring Llama 3 on a Llama 3.1 fine-tune: the base's version applies, reported at the base."""
    (f,) = run(LICENSE_MISMATCH, card("llama3", bases=(LLAMA_31,)))
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.WARNING,
        "llama3.1",
        "§1.b.i",
        BASES_AT,
        (LLAMA_31,),
    )
    assert "that version of the terms is the one that applies" in f.message and "Declare llama3.1" in f.fix
    assert run(LICENSE_MISMATCH, card("llama3.1", bases=(LLAMA_31,))) == []


# --- LC004 base-license-conflict --------------------------------------------------------------


def test_base_license_conflict_for_a_permissive_tag_on_a_llama_fine_tune(run):
    """Apache-2.0 on a Llama 3.1 fine-tune drops terms that carry over: an error at the base."""
    (f,) = run(BASE_LICENSE_CONFLICT, card("apache-2.0", bases=(LLAMA_31,)))
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "llama3.1",
        "§1.b.i",
        BASES_AT,
        (LLAMA_31,),
    )
    assert f"derives from {LLAMA_31} under Llama 3.1 Community License Agreement" in f.message
    assert "tag does not remove them" in f.message and "`license: llama3.1`" in f.fix


def test_no_base_license_conflict_when_the_terms_are_kept_or_the_base_binds_nothing(run):
    """Declaring the base's license, or Apache-2.0 on an Apache-2.0 base."""
    assert run(BASE_LICENSE_CONFLICT, card("llama3.1", bases=(LLAMA_31,))) == []
    assert run(BASE_LICENSE_CONFLICT, card("apache-2.0", bases=("mistralai/Mistral-7B-v0.1",))) == []


def test_base_license_conflict_for_a_cc_by_tag_on_a_cc_by_nc_fine_tune(run):
    """CC-BY-4.0 drops the non-commercial term of a CC-BY-NC-4.0 base just as Apache-2.0 does: the CC licenses
    share a family, but CC-BY is not another version of CC-BY-NC."""
    assert [f.license for f in run(BASE_LICENSE_CONFLICT, card("apache-2.0", bases=("acme/nc-base",)), TREE)] == [
        "cc-by-nc-4.0"
    ]
    assert [f.license for f in run(BASE_LICENSE_CONFLICT, card("cc-by-4.0", bases=("acme/nc-base",)), TREE)] == [
        "cc-by-nc-4.0"
    ]


# --- LC005 non-commercial-use -----------------------------------------------------------------


def test_non_commercial_use_of_a_flux_dev_derivative(run):
    """A FLUX.1 [dev] fine-tune used commercially: an error on the card citing the purpose clause."""
    (f,) = run(NON_COMMERCIAL_USE, card("apache-2.0", bases=("black-forest-labs/FLUX.1-dev",)))
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "flux-1-dev-non-commercial-license",
        "§1(c), §2(b)",
        BASES_AT,
        ("black-forest-labs/FLUX.1-dev",),
    )
    assert "allows non-commercial use only" in f.message and "the intended use is commercial" in f.message
    assert "inherited: this model → black-forest-labs/FLUX.1-dev" in f.message


def test_no_non_commercial_use_finding_for_a_non_commercial_use_or_an_apache_base(run):
    """The same model used non-commercially, and a fine-tune of FLUX.1 [schnell] (Apache-2.0)."""
    assert (
        run(
            NON_COMMERCIAL_USE,
            card("apache-2.0", bases=("black-forest-labs/FLUX.1-dev",)),
            policy=Policy(commercial=False),
        )
        == []
    )
    assert run(NON_COMMERCIAL_USE, card("apache-2.0", bases=("black-forest-labs/FLUX.1-schnell",))) == []


def test_a_research_only_license_is_narrower_than_a_non_commercial_use(run):
    """Mistral's research license warns even for a non-commercial use; CC-BY-NC does not."""
    (f,) = run(NON_COMMERCIAL_USE, card("mrl"), policy=Policy(commercial=False))
    assert (f.severity, f.license, f.location) == (Severity.WARNING, "mrl", DECLARED_AT)
    assert "narrower than non-commercial: research-only use only" in f.message
    assert run(NON_COMMERCIAL_USE, card("cc-by-nc-4.0"), policy=Policy(commercial=False)) == []


# --- LC006 mau-threshold, LC007 revenue-threshold ---------------------------------------------


def test_mau_threshold_above_llama_s_700_million(run):
    """800M monthly active users exceed Llama 3.1's §2 limit."""
    (f,) = run(MAU_THRESHOLD, card("llama3.1", bases=(LLAMA_31,)), policy=Policy(mau=800_000_000))
    assert (f.severity, f.license, f.citation, f.location) == (Severity.ERROR, "llama3.1", "§2", DECLARED_AT)
    assert "800,000,000 monthly active users" in f.message and "limit of 700,000,000" in f.message


@pytest.mark.parametrize("mau", [None, 1_000_000, 700_000_000])
def test_no_mau_threshold_at_or_below_the_limit(run, mau):
    """No figure, a small one, and exactly the limit."""
    assert run(MAU_THRESHOLD, card("llama3.1", bases=(LLAMA_31,)), policy=Policy(mau=mau)) == []


def test_revenue_threshold_of_the_stability_community_license(run):
    """US$2M annual revenue ends the Stability AI Community License (US$1M, §III); US$500k does not."""
    model = card("stabilityai-ai-community", bases=("acme/sd-base",))
    (f,) = run(REVENUE_THRESHOLD, model, TREE, Policy(revenue_usd=2_000_000))
    assert (f.severity, f.license, f.citation, f.location) == (
        Severity.ERROR,
        "stabilityai-ai-community",
        "§III",
        DECLARED_AT,
    )
    assert "2,000,000 US$ annual revenue" in f.message and "limit of 1,000,000" in f.message
    assert run(REVENUE_THRESHOLD, model, TREE, Policy(revenue_usd=500_000)) == []
    assert run(MAU_THRESHOLD, model, TREE, Policy(revenue_usd=2_000_000)) == []  # revenue is not a user count


# --- LC008 territory-excluded -----------------------------------------------------------------


def test_territory_excluded_for_a_multimodal_llama_3_2_in_the_eu(run):
    """The Llama 3.2 AUP grants no rights in the EU for multimodal models: Germany is in it."""
    (f,) = run(
        TERRITORY_EXCLUDED, card("llama3.2", bases=("meta-llama/Llama-3.2-11B-Vision",)), policy=Policy(territory="DE")
    )
    assert (f.severity, f.license, f.location) == (Severity.ERROR, "llama3.2", DECLARED_AT)
    assert f.citation == "Llama 3.2 Acceptable Use Policy, multimodal models clause"
    assert "grants no rights in EU for multimodal models" in f.message and "the licensee is based in DE" in f.message


def test_territory_exclusion_of_a_text_model_is_info(run):
    """A text-only Llama 3.2 base: the multimodal scope does not apply, which is info; a multimodal task is not."""
    (f,) = run(TERRITORY_EXCLUDED, card("llama3.2", bases=("meta-llama/Llama-3.2-1B",)), policy=Policy(territory="DE"))
    assert f.severity == Severity.INFO and "does not look multimodal" in f.message
    (vision,) = run(
        TERRITORY_EXCLUDED,
        card("llama3.2", bases=("meta-llama/Llama-3.2-1B",), pipeline_tag="image-text-to-text"),
        policy=Policy(territory="EU"),
    )
    assert vision.severity == Severity.ERROR


def test_no_territory_finding_outside_the_excluded_region_or_without_a_territory(run):
    """The multimodal base in the US, and with no territory given."""
    model = card("llama3.2", bases=("meta-llama/Llama-3.2-11B-Vision",))
    assert run(TERRITORY_EXCLUDED, model, policy=Policy(territory="US")) == []
    assert run(TERRITORY_EXCLUDED, model) == []


def test_a_multimodal_teacher_does_not_make_a_text_model_multimodal(run, catalog):
    """A text-only Llama 3.2 fine-tune trained on captions written by Llama 3.2 Vision still takes text only:
    the exclusion for multimodal models is info, as for any text model."""
    model = card("llama3.2", bases=("meta-llama/Llama-3.2-1B",), datasets=("acme/vision-captions",))
    found = run(TERRITORY_EXCLUDED, model, ResolverChain(TableResolver(catalog), TREE), Policy(territory="DE"))
    assert [f.severity for f in found] == [Severity.INFO]


# --- LC009 naming-rule ------------------------------------------------------------------------


def test_naming_rule_for_a_llama_3_1_fine_tune(run):
    """A Llama 3.1 fine-tune named MedChat-8B must begin with "Llama": an error where the name is stated."""
    (f,) = run(NAMING_RULE, card("llama3.1", bases=(LLAMA_31,), name="MedChat-8B"))
    assert (f.severity, f.license, f.citation, f.location) == (Severity.ERROR, "llama3.1", "§1.b.i", NAMED_AT)
    assert "named 'MedChat-8B'" in f.message and 'requires "Llama" at the beginning' in f.message
    assert "'Llama-MedChat-8B'" in f.fix


@pytest.mark.parametrize(
    "name,relation,policy",
    [
        ("Llama-3.1-MedChat-8B", Relation.FINETUNE, Policy()),
        ("MedChat-8B", Relation.FINETUNE, Policy(model_name="acme/Llama-MedChat-8B")),  # the name to be published
    ],
)
def test_no_naming_rule_finding_for_a_prefixed_name(run, name, relation, policy):
    """The one fact changed: the name, the relation, or the name given with --model-name."""
    assert run(NAMING_RULE, card("llama3.1", bases=(LLAMA_31,), relation=relation, name=name), policy=policy) == []


# --- LC010 no-derivatives, LC011 share-alike, LC017 incompatible-terms -------------------------


def test_no_derivatives_of_a_cc_by_nd_base(run):
    """A fine-tune of CC-BY-ND material is an error at the base; of CC-BY material it is not."""
    (f,) = run(NO_DERIVATIVES, card("cc-by-nd-4.0", bases=("acme/nd-base",)), TREE)
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "cc-by-nd-4.0",
        "§2(a)(1)(B), §3(a)(1)",
        BASES_AT,
        ("acme/nd-base",),
    )
    assert "does not allow sharing adapted material" in f.message
    assert run(NO_DERIVATIVES, card("cc-by-4.0", bases=("acme/by-base",)), TREE) == []


def test_share_alike_base_requires_a_compatible_license(run):
    """MIT on a CC-BY-SA fine-tune is an error naming the licenses allowed; CC-BY-SA-4.0 is compatible."""
    (f,) = run(SHARE_ALIKE, card("mit", bases=("acme/sa-base",)), TREE)
    assert (f.severity, f.license, f.citation, f.location) == (Severity.ERROR, "cc-by-sa-4.0", "§3(b)(1)", BASES_AT)
    assert "this model declares MIT License" in f.message and "to carry the same license" in f.message
    assert f.fix == "License this model under one of: cc-by-sa-4.0."
    assert run(SHARE_ALIKE, card("cc-by-sa-4.0", bases=("acme/sa-base",)), TREE) == []


def test_incompatible_terms_of_a_share_alike_and_a_llama_parent(run):
    """A merge of CC-BY-SA and Llama 3.1 parents has no license that meets both; with an Apache parent it has."""
    (f,) = run(
        INCOMPATIBLE_TERMS,
        card("cc-by-sa-4.0", bases=("acme/sa-base", "acme/llama-base"), relation=Relation.MERGE),
        TREE,
    )
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "llama3.1",
        "§1.b.i",
        BASES_AT,
        ("acme/llama-base",),
    )
    assert "acme/sa-base is under Creative Commons Attribution-ShareAlike 4.0" in f.message
    assert "no license meets both" in f.message
    assert (
        run(
            INCOMPATIBLE_TERMS,
            card("cc-by-sa-4.0", bases=("acme/sa-base", "acme/apache-base"), relation=Relation.MERGE),
            TREE,
        )
        == []
    )


# --- LC012 unresolved-base --------------------------------------------------------------------


@pytest.mark.parametrize(
    "base,words",
    [
        (
            "acme/private-base",
            "the license of base model 'acme/private-base' could not be learned (not in the test tree)",
        ),
        ("acme/unlicensed-base", "the license of base model 'acme/unlicensed-base' could not be learned"),
        ("/home/me/checkpoints/run-3", "is a local filesystem path, not a repository id"),
        ("acme/m", "the lineage loops: this model → acme/m"),
    ],
)
def test_unresolved_base(run, base, words):
    """An unknown base, one whose license is not known, a local path and a self-reference: warnings at the base."""
    (f,) = run(UNRESOLVED_BASE, card("mit", bases=(base,)), TREE)
    assert (f.severity, f.location, f.path) == (Severity.WARNING, BASES_AT, (base,))
    assert words in f.message


def test_no_unresolved_base_when_the_base_resolves(run):
    """The same card naming a base the resolver knows."""
    assert run(UNRESOLVED_BASE, card("mit", bases=("acme/apache-base",)), TREE) == []


# --- LC013 input-error ------------------------------------------------------------------------


def test_input_error_reports_each_problem_as_read(run):
    """Each problem of the reader becomes a finding with its message, location, hint and severity."""
    broken = InputProblem("README.md: front matter is not valid YAML", Location(README, 5), "Fix the YAML.")
    partial = InputProblem("config.json: truncated", Location("acme/m/config.json"), "Re-export it.", Severity.WARNING)
    found = run(INPUT_ERROR, card("mit", problems=(broken, partial)))
    assert [(f.severity, f.message, f.location, f.fix) for f in found] == [
        (Severity.ERROR, broken.message, broken.location, "Fix the YAML."),
        (Severity.WARNING, partial.message, partial.location, "Re-export it."),
    ]
    assert run(INPUT_ERROR, card("mit")) == []


# --- LC014 license-denied, LC015 license-not-allowed ------------------------------------------


def test_license_denied_for_a_license_a_base_passes_on(run, catalog):
    """Deny family:llama: a Llama 3.1 fine-tune tagged Apache-2.0 is denied at the base; a Mistral one is not."""
    policy = Policy(deny=(parse_selector("family:llama", catalog),))
    (f,) = run(LICENSE_DENIED, card("apache-2.0", bases=(LLAMA_31,)), policy=policy)
    assert (f.severity, f.license, f.location, f.path) == (Severity.ERROR, "llama3.1", BASES_AT, (LLAMA_31,))
    assert f"passed on by {LLAMA_31}" in f.message and "matches deny entry 'family:llama'" in f.message
    assert run(LICENSE_DENIED, card("apache-2.0", bases=("mistralai/Mistral-7B-v0.1",)), policy=policy) == []


def test_license_denied_only_when_no_choice_of_an_expression_passes(run, catalog):
    """`mit OR cc-by-nc-4.0` passes a deny of non-commercial licenses; `gpl-3.0 OR cc-by-nc-4.0` does not when
    copyleft is denied too."""
    policy = Policy(deny=tuple(parse_selector(s, catalog) for s in ("category:non-commercial", "category:copyleft")))
    assert run(LICENSE_DENIED, card("mit OR cc-by-nc-4.0"), policy=policy) == []
    (f,) = run(LICENSE_DENIED, card("gpl-3.0 OR cc-by-nc-4.0"), policy=policy)
    assert f.location == DECLARED_AT and "no choice in card license 'gpl-3.0 OR cc-by-nc-4.0'" in f.message


def test_a_declared_choice_does_not_excuse_a_license_a_base_passes_on(run, catalog):
    """`mit OR cc-by-nc-4.0` on a CC-BY-NC base: the base's license binds whichever choice is taken, so it is
    denied just as it is under a plain `mit`."""
    policy = Policy(deny=(parse_selector("category:non-commercial", catalog),))
    assert [f.license for f in run(LICENSE_DENIED, card("mit", bases=("acme/nc-base",)), TREE, policy)] == [
        "cc-by-nc-4.0"
    ]
    assert [
        f.license for f in run(LICENSE_DENIED, card("mit OR cc-by-nc-4.0", bases=("acme/nc-base",)), TREE, policy)
    ] == ["cc-by-nc-4.0"]


def test_license_not_allowed_by_an_allow_list(run, catalog):
    """Allow only Apache-2.0: the Llama 3.1 base's license is not allowed; allowing family:llama too passes."""
    model = card("apache-2.0", bases=(LLAMA_31,))
    (f,) = run(LICENSE_NOT_ALLOWED, model, policy=Policy(allow=(parse_selector("apache-2.0", catalog),)))
    assert (f.severity, f.license, f.location) == (Severity.ERROR, "llama3.1", BASES_AT)
    assert "matches no allow entry" in f.message
    allowed = Policy(allow=tuple(parse_selector(s, catalog) for s in ("apache-2.0", "family:llama")))
    assert run(LICENSE_NOT_ALLOWED, model, policy=allowed) == []
    assert run(LICENSE_NOT_ALLOWED, model, policy=Policy(deny=(parse_selector("family:llama", catalog),))) == []


# --- LC016 missing-attribution ----------------------------------------------------------------


def test_missing_attribution_of_a_llama_fine_tune(run):
    """No NOTICE line and no copy of the license: two warnings on the card, each citing its clause."""
    notice, copy = run(MISSING_ATTRIBUTION, card("llama3.1", bases=(LLAMA_31,)))
    assert [(f.severity, f.license, f.citation, f.location) for f in (notice, copy)] == [
        (Severity.WARNING, "llama3.1", "§1.b.iii", DECLARED_AT),
        (Severity.WARNING, "llama3.1", "§1.b.i(A)", DECLARED_AT),
    ]
    assert "no NOTICE file of this model holds the line the Llama 3.1 Community License" in notice.message
    assert f'"{LLAMA_31_NOTICE}"' in notice.message
    assert "ships no copy of the Llama 3.1 Community License Agreement" in copy.message


@pytest.mark.parametrize("notice", [LLAMA_31_NOTICE, LLAMA_31_NOTICE.replace(" Community ", "\n  Community ")])
def test_no_missing_attribution_with_the_license_text_and_the_notice_line(run, notice):
    """The license text and the NOTICE line (however the line is wrapped) are all that is required."""
    files = (shipped("LICENSE", shared_text("llama3.1.txt")), shipped("NOTICE", notice, role="notice"))
    assert run(MISSING_ATTRIBUTION, card("llama3.1", bases=(LLAMA_31,), license_files=files)) == []


# --- LC018 dataset-terms ----------------------------------------------------------------------


def test_dataset_terms_of_a_non_commercial_dataset(run):
    """A CC-BY-NC dataset against a commercial use is an error at the dataset; a non-commercial use is not."""
    model = card("apache-2.0", datasets=("acme/nc-data",))
    (f,) = run(DATASET_TERMS, model, TREE)
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "cc-by-nc-4.0",
        "§1(i), §2(a)(1)",
        DATASETS_AT,
        ("acme/nc-data",),
    )
    assert "training dataset 'acme/nc-data'" in f.message and "the intended use is commercial" in f.message
    assert "not settled" in f.message
    assert run(DATASET_TERMS, model, TREE, Policy(commercial=False)) == []


def test_dataset_terms_of_share_alike_and_no_derivatives_datasets_are_warnings(run):
    """A CC-BY-SA dataset under an Apache-2.0 model warns, under CC-BY-SA-4.0 it does not; CC-BY-ND warns."""
    (sa,) = run(DATASET_TERMS, card("apache-2.0", datasets=("acme/sa-data",)), TREE)
    assert (sa.severity, sa.license, sa.citation) == (Severity.WARNING, "cc-by-sa-4.0", "§3(b)(1)")
    assert "this model declares apache-2.0" in sa.message
    assert run(DATASET_TERMS, card("cc-by-sa-4.0", datasets=("acme/sa-data",)), TREE) == []
    (nd,) = run(DATASET_TERMS, card("apache-2.0", datasets=("acme/nd-data",)), TREE)
    assert (nd.severity, nd.license) == (Severity.WARNING, "cc-by-nd-4.0")
    assert "does not allow sharing adapted material" in nd.message


def test_no_dataset_terms_for_a_permissive_dataset(run):
    """An MIT dataset restricts nothing."""
    assert run(DATASET_TERMS, card("apache-2.0", datasets=("acme/mit-data",)), TREE) == []


# --- LC019 unknown-training-terms -------------------------------------------------------------


def test_unknown_training_terms_of_an_unknown_dataset(run):
    """A dataset nobody knows: a warning at the dataset for a commercial use, info for a non-commercial one."""
    model = card("apache-2.0", datasets=("acme/secret-chats",))
    (f,) = run(UNKNOWN_TRAINING_TERMS, model, TREE)
    assert (f.severity, f.location, f.path) == (Severity.WARNING, DATASETS_AT, ("acme/secret-chats",))
    assert "the license of training dataset 'acme/secret-chats' is not known (not in the test tree)" in f.message
    (relaxed,) = run(UNKNOWN_TRAINING_TERMS, model, TREE, Policy(commercial=False))
    assert relaxed.severity == Severity.INFO


@pytest.mark.parametrize(
    "dataset,words",
    [
        ("acme/odd-data", "is under 'acme-data-license', a license licheck has no rule for"),
        ("acme/gpt-synth", "this model learned from the outputs of 'OpenAI GPT-4'"),
    ],
)
def test_unknown_training_terms_of_a_license_without_rule_or_a_product_teacher(run, dataset, words):
    """A dataset license licheck has no rule for, and a dataset generated with a product (not a repository)."""
    (f,) = run(UNKNOWN_TRAINING_TERMS, card("apache-2.0", datasets=(dataset,)), TREE)
    assert f.severity == Severity.WARNING and f.location == DATASETS_AT and words in f.message


def test_no_unknown_training_terms_for_a_known_dataset(run):
    """A dataset under a license licheck knows, generated by no model."""
    assert run(UNKNOWN_TRAINING_TERMS, card("apache-2.0", datasets=("acme/mit-data",)), TREE) == []


# --- LC020 output-training --------------------------------------------------------------------


def test_output_training_on_llama_2_outputs(run):
    """Llama 2 outputs may not improve another model: an error citing §1.b.v, along the dataset's path."""
    (f,) = run(OUTPUT_TRAINING, card("apache-2.0", datasets=("acme/llama2-synth",)), TREE)
    assert (f.severity, f.license, f.citation, f.location, f.path) == (
        Severity.ERROR,
        "llama2",
        "§1.b.v",
        DATASETS_AT,
        ("acme/llama2-synth", "acme/llama2-chat"),
    )
    assert "learned from the outputs of acme/llama2-chat, which is under Llama 2" in f.message


def test_no_output_training_finding_for_a_llama_2_derivative(run):
    """The same data improving a Llama 2 derivative is what the license allows."""
    model = card("llama2", bases=("acme/llama2-ft",), datasets=("acme/llama2-synth",))
    assert run(OUTPUT_TRAINING, model, TREE) == []


@pytest.mark.parametrize(
    "dataset,severity,words",
    [
        ("acme/sd-synth", Severity.WARNING, "licheck cannot judge whether this model competes"),
        ("acme/aya-synth", Severity.ERROR, "The intended use is commercial"),
        ("acme/llama31-synth", Severity.INFO, 'triggers the "Llama" name prefix'),
    ],
)
def test_output_training_severity_follows_the_rule(run, dataset, severity, words):
    """No competing models: a warning; non-commercial only, against a commercial use: an error; naming: info."""
    (f,) = run(OUTPUT_TRAINING, card("apache-2.0", datasets=(dataset,)), TREE)
    assert f.severity == severity and words in f.message


def test_no_output_training_finding_for_non_commercial_use_or_derivative_capture(run):
    """Non-commercial-only terms allow a non-commercial use; a derivative-capturing teacher (Gemma) binds like a
    base and is reported as one."""
    assert run(OUTPUT_TRAINING, card("apache-2.0", datasets=("acme/aya-synth",)), TREE, Policy(commercial=False)) == []
    student = card("apache-2.0", bases=("acme/student",))
    assert run(OUTPUT_TRAINING, student, TREE) == []
    assert [f.license for f in run(BASE_LICENSE_CONFLICT, student, TREE)] == ["gemma"]


# --- the registry and the vocabulary ----------------------------------------------------------


def test_the_registry_is_complete_and_consistent():
    """LC001 onwards in order with no gap, unique names, a check and documentation each, and a known term or a
    basis."""
    assert [k.code for k in KINDS] == [f"LC{i:03d}" for i in range(1, len(KINDS) + 1)] and len(KINDS) >= 22
    assert len({k.name for k in KINDS}) == len(KINDS)
    for kind in KINDS:
        assert callable(kind.check), kind.code
        assert kind.summary and kind.why and kind.fix, kind.code
        assert kind.term or kind.basis, kind.code
        assert kind.term is None or kind.term in TERMS, kind.code


def test_every_output_training_rule_has_a_reporting_entry():
    """A new rule in the vocabulary cannot be skipped silently by the output-training check."""
    assert set(OUTPUT_RULES) == set(OutputTrainingRule)


def test_the_rule_schemas_list_the_vocabulary_of_the_code():
    """Each vocabulary the license schema spells out, and the table's relations, in the code's order."""
    schemas = ROOT / "rules" / "schema"
    license_schema = json.loads((schemas / "license.schema.json").read_text(encoding="utf-8"))
    for name, vocabulary in SCHEMA_VOCABULARIES.items():
        assert license_schema["$defs"][name]["enum"] == [m.value for m in vocabulary], name
    models_schema = json.loads((schemas / "well-known-models.schema.json").read_text(encoding="utf-8"))
    relation = models_schema["properties"]["models"]["items"]["properties"]["relation"]
    assert relation["enum"] == [r.value for r in TABLE_RELATIONS]


# --- loading a rule set -----------------------------------------------------------------------


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    """A copy of the rule set to break, with the cache of validated rule sets in its own folder."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    return shutil.copytree(ROOT / "rules", tmp_path / "rules")


def rule_set_problems(directory) -> list[str]:
    with pytest.raises(RuleSetError) as error:
        load_rules(directory)
    return error.value.problems


def test_the_copied_rule_set_loads(rules_copy):
    """The copy is sound, so each failure below comes from its one change."""
    assert load_rules(rules_copy).licenses["mit"].name == "MIT License"


@pytest.mark.parametrize("alias", ["llama3-1", "LLAMA3_1", "Llama 3.1"])
def test_an_alias_colliding_with_another_license_s_is_refused(rules_copy, alias):
    """Aliases are compared as the catalog looks them up (normalised slugs), so these all collide with llama3.1."""
    mit = rules_copy / "licenses" / "mit.yaml"
    mit.write_text(
        mit.read_text(encoding="utf-8").replace("names: [mit-license, expat]", f"names: [mit-license, expat, {alias}]"),
        encoding="utf-8",
    )
    assert f"{mit}: alias '{alias}' also belongs to 'llama3.1'" in rule_set_problems(rules_copy)


def test_a_category_outside_the_schema_is_refused(rules_copy):
    """A rule file with an unknown category fails schema validation, naming the file and the key."""
    mit = rules_copy / "licenses" / "mit.yaml"
    mit.write_text(
        mit.read_text(encoding="utf-8").replace("category: permissive", "category: lenient"), encoding="utf-8"
    )
    problems = rule_set_problems(rules_copy)
    assert any(p.startswith(f"{mit}: category: ") and "'lenient'" in p for p in problems), problems


def test_a_schema_that_disagrees_with_the_vocabulary_is_refused(rules_copy):
    """A schema whose category enum lacks a value the code handles is refused, whatever the rule files say."""
    path = rules_copy / "schema" / "license.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["$defs"]["category"]["enum"].remove("weak-copyleft")
    path.write_text(json.dumps(schema), encoding="utf-8")
    problems = rule_set_problems(rules_copy)
    assert any(p.startswith(f"{path}: $defs/category lists") and "licheck.vocabulary" in p for p in problems), problems
