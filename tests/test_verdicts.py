"""Verdicts a careful review of real cards and license texts found wrong (issue 12), each fixed at the
mechanism and pinned here by a case that produces the finding and one that differs in the fact that
matters. Metadata is built in memory, as in test_checks.py."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import findings, shared_text
from licheck.catalog.catalog import Catalog
from licheck.catalog.loader import load_rules, rules_dir
from licheck.engine.checks import (
    BASE_LICENSE_CONFLICT,
    DATASET_TERMS,
    LICENSE_MISMATCH,
    MAU_THRESHOLD,
    MISSING_LICENSE,
    NAMING_RULE,
    OUTPUT_TRAINING,
    UNKNOWN_LICENSE,
)
from licheck.engine.context import Context
from licheck.lineage.table import TableResolver
from licheck.lineage.walk import build_lineage
from licheck.metadata import Declaration, Location
from licheck.policy import Policy
from licheck.vocabulary import Relation, Severity
from test_checks import DECLARED_AT, LLAMA_31, Tree, card, node, shipped

MERGE_PARENTS = Tree(models=(node("acme/llama-parent", "llama3.1"), node("acme/gemma-parent", "gemma")))


def test_a_merge_declaring_both_parents_licenses_passes(run):
    """A merge of a Llama 3.1 and a Gemma model that declares both licenses keeps both terms (item 4)."""
    parents = ("acme/llama-parent", "acme/gemma-parent")
    both = card("llama3.1", "gemma", bases=parents, relation=Relation.MERGE)
    assert run(BASE_LICENSE_CONFLICT, both, MERGE_PARENTS) == []
    conjunction = card("llama3.1 AND gemma", bases=parents, relation=Relation.MERGE)
    assert run(BASE_LICENSE_CONFLICT, conjunction, MERGE_PARENTS) == []


def test_a_merge_declaring_one_parents_license_drops_the_others(run):
    """Declaring only Llama 3.1 drops Gemma's terms: one conflict, about Gemma, naming what is declared."""
    only_llama = card("llama3.1", bases=("acme/llama-parent", "acme/gemma-parent"), relation=Relation.MERGE)
    (f,) = run(BASE_LICENSE_CONFLICT, only_llama, MERGE_PARENTS)
    assert f.license == "gemma" and f.path == ("acme/gemma-parent",)
    assert f.message.startswith("this model declares Llama 3.1 Community License Agreement, but it derives from")
    (apache,) = {f.license for f in run(BASE_LICENSE_CONFLICT, card("apache-2.0", bases=(LLAMA_31,)))}
    assert apache == "llama3.1"


LLAMA2_DATA = Tree(
    models=(node("acme/llama2-chat", "llama2"), node("acme/llama2-ft", "llama2", bases=("acme/llama2-chat",))),
    datasets=(node("acme/llama2-synth", "apache-2.0", outputs_of=("acme/llama2-chat",)),),
)


def test_declaring_llama2_is_not_deriving_from_it(run):
    """Llama 2 §1.b.v exempts 'Llama 2 or derivative works thereof': a model that only declares llama2 but was
    trained on Llama 2 outputs from another base is not exempt; one fine-tuned from Llama 2 is (item 5)."""
    declared_only = card("llama2", datasets=("acme/llama2-synth",))
    (f,) = run(OUTPUT_TRAINING, declared_only, LLAMA2_DATA)
    assert (f.severity, f.license) == (Severity.ERROR, "llama2")
    derived = card("llama2", bases=("acme/llama2-ft",), datasets=("acme/llama2-synth",))
    assert run(OUTPUT_TRAINING, derived, LLAMA2_DATA) == []


QWEN = Tree(models=(node("acme/qwen-base", "qwen"),))


def test_qwen_mau_threshold_binds_commercial_use_only(run):
    """Qwen §4 asks for a license above 100M MAU 'if you are commercially using the Materials' (item 6)."""
    model = card("qwen", bases=("acme/qwen-base",))
    (f,) = run(MAU_THRESHOLD, model, QWEN, Policy(mau=200_000_000))
    assert (f.license, f.citation) == ("qwen", "§4")
    assert run(MAU_THRESHOLD, model, QWEN, Policy(commercial=False, mau=200_000_000)) == []


def test_llama_mau_threshold_binds_any_use(run):
    """Llama 3.1 §2 counts the licensee's products whatever the use: non-commercial use does not lift it."""
    (f,) = run(MAU_THRESHOLD, card("llama3.1", bases=(LLAMA_31,)), policy=Policy(commercial=False, mau=800_000_000))
    assert f.license == "llama3.1"


@pytest.mark.parametrize(
    "declared,text,withheld",
    [
        ("mit", "llama3.1.txt", "commercial use: 'yes' against 'conditional'"),
        ("apache-2.0", "cc-by-nc-4.0.txt", "commercial use: 'yes' against 'no'"),
        ("cc-by-4.0", "cc-by-nc-4.0.txt", "commercial use: 'yes' against 'no'"),
        ("apache-2.0", "openrail++.txt", "no use restrictions against"),
    ],
)
def test_a_card_declaring_more_than_the_shipped_text_is_relabelling(run, declared, text, withheld):
    """Card `mit` with the Llama 3.1 agreement as LICENSE fails the default gate; what the card grants beyond
    the text is read from the rules' permissions and use terms, and cited (item 2)."""
    model = card(declared, license_files=(shipped("LICENSE", shared_text(text)),))
    (f,) = run(LICENSE_MISMATCH, model)
    assert (f.severity, f.location) == (Severity.ERROR, DECLARED_AT)
    assert withheld in f.message and "Relabelling" in f.message


@pytest.mark.parametrize("declared,text", [("apache-2.0", "mit.txt"), ("mit", "apache-2.0.txt")])
def test_a_mismatch_between_licenses_that_allow_the_same_things_stays_a_warning(run, declared, text):
    """Apache-2.0 and MIT allow the same uses (the patent grant is the licensor's, not a use): a warning at the
    file, not a relabelling."""
    (f,) = run(LICENSE_MISMATCH, card(declared, license_files=(shipped("LICENSE", shared_text(text)),)))
    assert f.severity == Severity.WARNING and f.location == Location("acme/m/LICENSE")
    assert "Relabelling" not in f.message


def test_a_dataset_whose_sources_disagree_binds_by_the_strictest(run, catalog):
    """tatsu-lab/alpaca's Hub card says cc-by-4.0, its authors' repository CC BY-NC 4.0: every license any source
    names applies, so an apache-2.0 model trained on it is flagged under commercial use, and the message says
    the sources disagree (item 9)."""
    model = card("apache-2.0", datasets=("tatsu-lab/alpaca",))
    (f,) = run(DATASET_TERMS, model)
    assert (f.severity, f.license) == (Severity.ERROR, "cc-by-nc-4.0")
    assert "its sources disagree" in f.message and "stanford_alpaca DATA_LICENSE" in f.message
    assert run(DATASET_TERMS, model, policy=Policy(commercial=False)) == []
    data = catalog.well_known_dataset("tatsu-lab/alpaca")
    assert data.licenses == ("cc-by-4.0",) and data.all_licenses == ("cc-by-4.0", "cc-by-nc-4.0")


def test_a_dataset_whose_sources_agree_states_no_disagreement(catalog):
    """A dataset with one source (or agreeing ones) reports nothing extra."""
    dolly = catalog.well_known_dataset("databricks/databricks-dolly-15k")
    assert dolly.disagreement is None and dolly.all_licenses == dolly.licenses


@pytest.mark.parametrize("relation", [Relation.QUANTIZED, Relation.MIRROR])
def test_the_quantization_exemption_is_an_info_line_with_its_argument(run, relation):
    """A quantization keeps the vendor's name: the rule's text names models the Materials are used 'to create,
    train, fine tune, or otherwise improve'. The exemption is shown, not silent (item 10)."""
    (f,) = run(NAMING_RULE, card("llama3.1", bases=(LLAMA_31,), relation=relation, name="MedChat-8B-GGUF"))
    assert (f.severity, f.license, f.citation) == (Severity.INFO, "llama3.1", "§1.b.i")
    assert "is not applied to this repackaging" in f.message and '"to create, train, fine tune' in f.message
    assert run(NAMING_RULE, card("llama3.1", bases=(LLAMA_31,), relation=relation, name="Llama-3.1-8B-GGUF")) == []


def test_a_repackaging_under_a_naming_rule_without_that_argument_is_named_like_a_derivative():
    """Where a license's naming rule gives no reason to exempt repackagings, a quantization is held to it."""
    rules = load_rules()
    llama = rules.licenses["llama3.1"]
    assert llama.naming is not None and llama.naming.repackaged
    unargued = dataclasses.replace(llama, naming=dataclasses.replace(llama.naming, repackaged=None))
    strict = Catalog(dataclasses.replace(rules, licenses={**rules.licenses, "llama3.1": unargued}), rules_dir())
    model = card("llama3.1", bases=(LLAMA_31,), relation=Relation.QUANTIZED, name="MedChat-8B-GGUF")
    found = list(NAMING_RULE.check(Context(model, build_lineage(model, TableResolver(strict)), strict, Policy())))
    assert [(f.severity, f.license) for f in found] == [(Severity.ERROR, "llama3.1")]


def test_a_license_licheck_cannot_identify_is_declared_not_missing(run, catalog):
    """`license: other` with `license_name: exaone` declares a license: it is reported as declared (with its link)
    and as unknown-license, never as missing-license (item 1)."""
    link = Declaration("link", "https://huggingface.co/LGAI-EXAONE/EXAONE-3.0/blob/main/LICENSE", "card", DECLARED_AT)
    named = card("other", license_name="exaone")
    exaone = dataclasses.replace(named, declarations=(*named.declarations, link))
    assert run(MISSING_LICENSE, exaone) == []
    assert [f.location for f in run(UNKNOWN_LICENSE, exaone)] == [DECLARED_AT]
    ctx = Context(exaone, build_lineage(exaone, TableResolver(catalog)), catalog, Policy())
    (declared,) = ctx.own.declared
    assert (declared.license, declared.identified) == ("exaone", False)
    assert "license_link https://huggingface.co/LGAI-EXAONE" in declared.source
    (family,) = Context(card("gpl"), build_lineage(card("gpl"), TableResolver(catalog)), catalog, Policy()).own.declared
    assert (family.license, family.identified) == ("gpl", False)


def test_a_model_declaring_nothing_is_still_missing_a_license(run):
    """The close case: no declaration anywhere."""
    (f,) = run(MISSING_LICENSE, card())
    assert f.severity == Severity.ERROR


def test_a_missing_license_says_when_the_card_did_not_parse(model, scan):
    """`license: [mit` breaks the front matter: the missing-license error points at the YAML error's line
    rather than stating flatly that the card has no `license:`; a card that parses says nothing of it."""
    broken = "---\nlicense: [mit\ntags: [x]\n---\n# m\n"
    _, data, _ = scan(model(files={"README.md": broken}))
    (missing,) = findings(data, "missing-license")
    assert "front matter does not parse (line" in missing["message"]
    _, clean, _ = scan(model(files={"README.md": "---\ntags: [x]\n---\n# m\n"}))
    (plain,) = findings(clean, "missing-license")
    assert "does not parse" not in plain["message"]
