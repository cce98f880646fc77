"""License-text identifications remembered by normalised content, within a run and between runs."""

from __future__ import annotations

import json

import pytest

from conftest import shared_text
from licheck.catalog.catalog import Catalog
from licheck.catalog.fingerprint import FingerprintIndex


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path))
    return tmp_path


def entries(cache_dir):
    return sorted((cache_dir / "identified").glob("*/*.json"))


def test_a_text_identified_once_is_read_back_by_the_next_run(cache_dir, monkeypatch):
    text = shared_text("apache-2.0.txt")
    first = Catalog.load().identify_text(text)
    assert first.best is not None and first.best.grade == "exact"
    assert len(entries(cache_dir)) == 1

    def never(self, normalised):
        raise AssertionError("identified again")

    monkeypatch.setattr(FingerprintIndex, "identify_words", never)
    assert Catalog.load().identify_text(text) == first


def test_copies_that_differ_in_copyright_line_and_wrapping_are_one_text(cache_dir):
    text = shared_text("mit.txt")
    catalog = Catalog.load()
    catalog.identify_text("Copyright (c) 2026 Someone\n\n" + text)
    catalog.identify_text(text.replace("\n", "\r\n"))
    assert len(entries(cache_dir)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        json.dumps({"text": "0" * 32, "best": None, "tied": [], "contained": []}),  # another text's entry
        json.dumps({"best": ["no-such-license", "x.txt", 1.0, 1.0, 1.0], "tied": [], "contained": []}),
        json.dumps({"best": ["mit", "mit.txt", 7, 1.0, 1.0], "tied": [], "contained": []}),
        json.dumps({"best": ["mit", "mit.txt"], "tied": [], "contained": []}),
    ],
)
def test_a_damaged_entry_is_identified_again_and_replaced(cache_dir, damage):
    text = shared_text("mit.txt")
    expected = Catalog.load().identify_text(text)
    (entry,) = entries(cache_dir)
    if damage.startswith("{"):
        data = json.loads(damage)
        data.setdefault("text", entry.stem)
        damage = json.dumps(data)
    entry.write_text(damage)
    assert Catalog.load().identify_text(text) == expected
    assert json.loads(entry.read_text())["text"] == entry.stem
