"""Browsing the knowledge: `licheck licenses` (the permissions matrix) and `licheck explain ID` (license cards)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from licheck.cli import cli
from licheck.reference.licenses import card


def run(*args):
    return CliRunner().invoke(cli, list(args))


def matrix(*args) -> dict[str, dict]:
    result = run("licenses", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.output)["licenses"]}


def test_the_matrix_is_the_rule_files(catalog):
    rows = matrix()
    assert set(rows) == {lic.id for lic in catalog.licenses.values() if lic.kind == "license"}
    for lic_id, row in rows.items():
        lic = catalog.get(lic_id)
        assert row["commercial"] == (lic.permission("commercial_use") or "unknown")
        assert row["sections"] == {k: p.section for k, p in lic.permissions.items()}
    llama = rows["llama3.1"]
    assert (llama["thresholds"], llama["naming"], llama["territory"]) == (["700M MAU"], "Llama", [])
    assert '"Built with Llama"' in llama["attribution"] and "NOTICE line" in llama["attribution"]
    assert rows["llama3.2"]["territory"] == ["not EU (multimodal)"]
    assert rows["mistral-modified-mit"]["thresholds"] == ["US$20M revenue/month"]
    assert rows["tencent-hunyuan-community"]["territory"] == ["not EU, GB, KR"]
    assert rows["gemma"]["passes_on"] == "gemma-prohibited-use-policy"


def test_filters_by_family_and_commercial_use():
    assert set(matrix("--family", "llama")) == {
        "llama1-research",
        "llama2",
        "llama3",
        "llama3.1",
        "llama3.2",
        "llama3.3",
        "llama4",
    }
    commercial, non_commercial = matrix("--commercial"), matrix("--non-commercial")
    assert {"apache-2.0", "llama3.1", "stabilityai-ai-community"} <= set(commercial)
    assert {"cc-by-nc-4.0", "flux-1-dev-non-commercial-license", "mrl", "apple-amlr"} <= set(non_commercial)
    assert not set(commercial) & set(non_commercial)


@pytest.mark.parametrize("fmt,marker", [("text", "license(s)."), ("markdown", "| id | family |")])
def test_text_and_markdown_matrices(fmt, marker):
    result = run("licenses", "--format", fmt, "--family", "gemma")
    assert result.exit_code == 0 and marker in result.output and "gemma-2024-02-21" in result.output


def test_an_unknown_family_is_a_clear_error():
    result = run("licenses", "--family", "lama")
    assert result.exit_code == 2 and "no license of family 'lama'" in result.output and "llama" in result.output


def test_a_license_card_cites_every_clause_and_the_official_text(catalog):
    for lic in catalog.licenses.values():
        text = card(lic, catalog)
        for permission in lic.permissions.values():
            assert f"({permission.section})" in text, lic.id
        if lic.notice:
            assert lic.notice.text in text
        if lic.text_url:
            assert lic.text_url in text
        assert ("Unverified" in text) == (not lic.verified)
    assert run("explain", "gemma").output == card(catalog.get("gemma"), catalog)


def test_explain_takes_aliases_and_suggests_close_ids():
    assert run("explain", "llama-3.1").output == run("explain", "llama3.1").output
    assert "Llama 3.1 Acceptable Use Policy" in run("explain", "llama3.1-aup").output
    wrong = run("explain", "lama3.1")
    assert wrong.exit_code == 2 and "Did you mean llama3.1" in wrong.output
    assert run("explain", "LC009").output.startswith("# LC009 naming-rule")


def test_explain_a_family_or_placeholder_id():
    gpl = run("explain", "gpl")
    assert gpl.exit_code == 0 and "gpl-2.0" in gpl.output and "gpl-3.0" in gpl.output
    other = run("explain", "other")
    assert other.exit_code == 0 and "license_name" in other.output
