"""`licheck audit`: a dump of model rows through the same engine; bases that are rows read from the dump;
bad rows are findings on their row and the audit goes on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import SHARED
from licheck.cli import cli

BASE = {"id": "acme/base-7b", "sha": "a" * 40, "card": "---\nlicense: cc-by-nc-4.0\n---\n# Base\n"}
DERIVATIVE = {
    "modelId": "someone/base-7b-chat",
    "cardData": {"license": "mit", "base_model": "acme/base-7b"},
    "tags": ["text-generation"],
    "config": {"model_type": "llama"},
    "siblings": [{"rfilename": "config.json"}, {"rfilename": "model.safetensors"}],
}


def audit(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["audit", *args], catch_exceptions=False)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_a_base_that_is_a_row_is_read_from_the_dump(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps(DERIVATIVE) + "\n" + json.dumps(BASE) + "\n")
    code, results, summary = audit(str(dump))
    assert code == 0
    assert [r["path"] for r in results] == ["someone/base-7b-chat", "acme/base-7b"]
    (base,) = results[0]["lineage"]
    assert base["licenses"] == ["cc-by-nc-4.0"] and "dump.jsonl:2" in base["source"]
    assert "LC004 base-license-conflict" in {f"{f['code']} {f['name']}" for f in results[0]["findings"]}
    assert "mit -> cc-by-nc-4.0" in summary


def test_bad_rows_are_findings_on_their_row_and_the_audit_goes_on(tmp_path):
    dump = tmp_path / "dump.jsonl"
    rows = [
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "acme/typed", "tags": 5, "cardData": "license: mit", "card": None}),
        json.dumps({"id": "acme/huge", "card": "---\nlicense: mit\n---\n" + "x" * (3 * 1024 * 1024)}),
        json.dumps({"card": "---\nlicense: mit\n---\n"}),
        json.dumps(BASE),
    ]
    dump.write_text("\n".join(rows) + "\n")
    code, results, _ = audit(str(dump))
    assert code == 0 and len(results) == len(rows)
    where = [{f["location"]["path"] for f in r["findings"] if f["location"]} for r in results]
    assert f"{dump}:1" in where[0] and f"{dump}:2" in where[1] and f"{dump}:3" in where[2]
    assert "acme/huge/README.md" in where[3]
    assert results[4]["path"] == f"{dump}:5"  # no id: named by its place in the dump
    assert results[5]["path"] == "acme/base-7b"  # the rows after a bad one are checked as any other


def test_a_folder_of_cards_and_a_markdown_summary(tmp_path):
    summary = tmp_path / "summary.md"
    code, results, _ = audit(str(SHARED / "corpus" / "cards"), "--summary", str(summary), "--jobs", "2")
    assert code == 0 and len(results) == len(list((SHARED / "corpus" / "cards").glob("*.md")))
    text = summary.read_text()
    assert "```mermaid\npie showData" in text and "xychart-beta" in text


def test_a_dump_that_cannot_be_read_stops_the_audit(tmp_path):
    code, _, message = audit(str(tmp_path / "missing.jsonl"))
    assert code == 2 and "missing.jsonl" in message


def test_a_parquet_dump_is_read_by_row_group(tmp_path):
    import pyarrow  # the test extra brings it: a missing pyarrow fails here, never skips
    from pyarrow import parquet

    rows = [DERIVATIVE, BASE, {"id": "acme/typed", "pipeline_tag": 5}]
    columns = {key: [row.get(key) for row in rows] for key in ("id", "modelId", "card", "cardData", "pipeline_tag")}
    dump = tmp_path / "dump.parquet"
    parquet.write_table(pyarrow.table(columns), dump, row_group_size=2)  # the base is in another row group
    code, results, _ = audit(str(dump))
    assert code == 0
    assert [r["path"] for r in results] == ["someone/base-7b-chat", "acme/base-7b", "acme/typed"]
    (base,) = results[0]["lineage"]
    assert base["licenses"] == ["cc-by-nc-4.0"] and "dump.parquet:row 2" in base["source"]
    assert any(f"{dump}:row 3" == (f["location"] or {}).get("path") for f in results[2]["findings"])


def test_a_row_longer_than_the_limit_is_a_finding_and_the_rows_around_it_are_read_whole(tmp_path, monkeypatch):
    from licheck.audit import source

    monkeypatch.setattr(source, "MAX_ROW", 200)
    monkeypatch.setattr(source, "_SKIP", 64)
    monkeypatch.setattr(source, "_HEAD", 16)  # ids read past the head: each row parsed whole for its id
    long_row = json.dumps({"id": "acme/long", "card": "x" * 500})
    rows = [json.dumps(BASE), "", long_row, "   ", json.dumps({**BASE, "id": "acme/after"})]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(rows))  # the last row ends without a newline
    code, results, _ = audit(str(dump))
    assert code == 0
    assert [r["path"] for r in results] == ["acme/base-7b", f"{dump}:3", "acme/after"]
    assert any("larger than" in f["message"] for f in results[1]["findings"])
    # both read whole: the same declaration
    assert [e["id"] for e in results[0]["licenses"]["declared"]] == ["cc-by-nc-4.0"]
    assert [e["id"] for e in results[2]["licenses"]["declared"]] == ["cc-by-nc-4.0"]


@pytest.mark.parametrize(
    ("row", "model_id"),
    [
        ({"_id": "65f0", "id": "acme/base", "card": "x" * 5000}, "acme/base"),  # the Hub API's order
        ({"modelId": "acme/base", "sha": "0" * 40}, "acme/base"),
        ({"id": "", "modelId": "acme/base"}, "acme/base"),
        ({"cardData": {"id": "not/this"}, "id": "acme/base"}, "acme/base"),  # an object first: parsed whole
        ({"id": ["acme/base"]}, None),
        ({"card": "no id at all"}, None),
    ],
)
def test_a_row_is_indexed_by_the_model_it_names(tmp_path, row, model_id):
    from licheck.audit.source import open_dump

    dump_file = tmp_path / "dump.jsonl"
    dump_file.write_text(json.dumps({"id": "acme/other"}) + "\n" + json.dumps(row) + "\n")
    dump = open_dump(dump_file)
    assert dump.position("ACME/Base") == (1 if model_id else None)
    assert dump.position("acme/other") == 0 and dump.position("acme/missing") is None


def test_a_row_that_names_its_id_twice_is_missed_never_mistaken(tmp_path):
    """As parsed, the last `id` counts; the index may have read the first: a lookup finds neither."""
    from licheck.audit.source import open_dump

    dump_file = tmp_path / "dump.jsonl"
    dump_file.write_text('{"id": "acme/first", "id": "acme/last"}\n{"id": "acme/first"}\n')
    dump = open_dump(dump_file)
    assert dump.position("acme/first") == 1  # the row that really is it
    assert dump.position("acme/last") is None


def test_an_empty_dump_and_a_fifo_named_like_one(tmp_path):
    import os

    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    code, results, _ = audit(str(empty))
    assert code == 0 and results == []
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    code, _, stderr = audit(str(fifo))  # never opened for reading: nothing would ever write to it
    assert code == 2 and "not a regular file (a FIFO)" in stderr
