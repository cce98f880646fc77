"""The run's model folders: found by the name a base gives them, each checked once, and held in a few bytes
a folder so that memory stays flat in the size of the tree. Real folders on disk."""

from __future__ import annotations

import pathlib
import tracemalloc
from pathlib import Path

from licheck.repository.discovery import discover
from licheck.repository.scanned_tree import ScannedTree


def _models(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "README.md").write_text("---\nlicense: mit\n---\n")


def test_a_base_is_found_by_its_path_as_shown_or_the_org_and_name_that_end_it(tmp_path):
    _models(tmp_path, ["models/acme/base", "models/acme/base-ft", "models/other/base"])
    shown = str(tmp_path / "models")
    tree = ScannedTree([(discover(tmp_path / "models"), shown)])
    assert [tree.shown(p) for p in tree.positions()] == [
        f"{shown}/acme/base",
        f"{shown}/acme/base-ft",
        f"{shown}/other/base",
    ]
    assert tree.find(f"{shown}/acme/base-ft") == 1
    assert tree.find(f"{shown}/acme/./base/../base") == 0  # as a relative base path is resolved
    assert tree.find("acme/base") == 0 and tree.find("ACME/Base") == 0  # case is not significant, as on the Hub
    assert tree.find("other/base") == 2
    assert tree.find("acme/missing") is None and tree.find("base") is None
    repository = tree.repository(1)
    assert repository.path == f"{shown}/acme/base-ft" and repository.file_names() == ["README.md"]


def test_a_folder_reached_through_two_targets_is_checked_once(tmp_path):
    _models(tmp_path, ["repo/a", "repo/b"])
    a = str(tmp_path / "repo" / "a")
    tree = ScannedTree([(discover(Path(a)), a), (discover(tmp_path / "repo"), str(tmp_path / "repo"))])
    assert len(tree) == 3 and [tree.shown(p) for p in tree.positions()] == [a, str(tmp_path / "repo" / "b")]


def test_folders_differing_only_in_case_are_two_models(tmp_path):
    _models(tmp_path, ["Model", "model"])
    tree = ScannedTree([(discover(tmp_path), str(tmp_path))])
    assert [Path(tree.shown(p)).name for p in tree.positions()] == ["Model", "model"]


def test_a_tree_holds_a_few_bytes_a_folder(tmp_path):
    """What a scan keeps between discovery and the checks, measured: no object per model folder, and a few
    bytes each (what its path does not share with the previous one's, two index slots)."""
    count = 3000
    _models(tmp_path, [f"org-{i // 100}/model-{i}" for i in range(count)])
    tracemalloc.start()
    try:
        tree = ScannedTree([(discover(tmp_path), str(tmp_path))])
        kept = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    assert len(tree) == count
    blocks = kept.statistics("filename")
    assert sum(s.count for s in blocks) < count / 10
    # pathlib interns path names in one table of Python's, which may grow during any walk: not the tree's
    ours = kept.filter_traces([tracemalloc.Filter(False, pathlib.__file__)]).statistics("filename")
    assert sum(s.size for s in ours) / count < 32  # 22 today


def test_folder_paths_come_back_exactly_in_any_order(tmp_path):
    """Front-coded paths: shared prefixes, long names (lengths over a byte), bytes that are not UTF-8, the
    root itself; read back in order, at random, and across blocks."""
    import os
    import random

    from licheck.repository.folder_list import RESTART, FolderList

    names = [".", *(f"org-{i // 7}/model-{i}" for i in range(5 * RESTART)), "x" * 300, "x" * 300 + "/y"]
    names += [os.fsdecode(b"caf\xe9/mod\xffel"), "org-1/model-9", "a/b/c/d/e/f/g"]
    folders = FolderList(tmp_path)
    assert [folders.append(name) for name in names] == list(range(len(names)))
    assert len(folders) == len(names) and list(folders.relatives()) == names
    order = list(range(len(names)))
    random.Random(7).shuffle(order)
    assert [folders.relative(p) for p in order] == [names[p] for p in order]
    assert folders[0] == tmp_path and folders[1] == tmp_path / "org-0" / "model-0"
    assert os.fsencode(folders[len(names) - 3].name) == b"mod\xffel"


def test_the_position_index_finds_every_key_and_rarely_offers_a_wrong_one():
    from licheck.position_index import PositionIndex

    keys = [f"org-{i // 100}/model-{i}" for i in range(20_000)]
    index = PositionIndex(len(keys))
    for position, key in enumerate(keys):
        index.add(hash(key), position)
    assert all(position in index.candidates(hash(key)) for position, key in enumerate(keys))
    wrong = sum(len(list(index.candidates(hash(f"other/model-{i}")))) for i in range(20_000))
    assert wrong < 20_000 / 50  # the hash byte turns away ~255 of 256 other keys met on a probe
