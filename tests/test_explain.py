"""`licheck explain`: the same pages as docs/findings/, by code or name."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ROOT
from licheck.cli import cli
from licheck.engine.checks import KINDS


def explain(*args):
    result = CliRunner().invoke(cli, ["explain", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_explain_prints_the_committed_page_by_code_or_name():
    for kind in KINDS:
        page = (ROOT / "docs" / "findings" / f"{kind.code}-{kind.name}.md").read_text(encoding="utf-8")
        assert explain(kind.code) == (0, page, "")
    assert explain("naming-rule")[1] == explain("lc9")[1]


def test_pages_cite_the_rule_files():
    page = explain("LC006")[1]
    assert "(`llama3.1`): §2 (above 700,000,000)" in page
    assert "## How to accept it" in page and "code: LC006" in page
    assert "Your license policy" in explain("LC014")[1]


def test_listing_and_unknown_code():
    code, out, _ = explain()
    assert code == 0 and len(out.splitlines()) == len(KINDS)
    code, out, err = explain("LC999")
    assert code == 2 and out == "" and "neither a finding code" in err
