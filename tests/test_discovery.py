"""Every folder of a scanned tree accounted for: checked as a model, part of one, holding models, or
listed as skipped with the reason. Real trees on disk, built from real cards of the corpus."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED, findings
from licheck.cli import cli
from licheck.pipeline import scan_paths
from licheck.policy import Policy
from licheck.repository.discovery import MAX_DEPTH, NO_MODEL_FILES, PLAIN_README, TOO_DEEP, changed_model_folders
from licheck.repository.model_card import reads_as_model_card

CARDS = SHARED / "corpus" / "cards"


def card(name: str) -> str:
    path = CARDS / f"{name}.md"
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests need ../shared beside the project")
    return path.read_text(encoding="utf-8")


def write(path: Path, text: str | bytes = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def tree(tmp_path):
    """A monorepo as people have them: models with and without front matter, a repository named like a
    weight file, a diffusers model, a collection with its own README, docs and scripts."""
    root = tmp_path / "repo"
    write(root / "README.md", "# Our models\n\n## Layout\n\nOne folder per model.\n")
    write(root / "codebert" / "README.md", card("microsoft__codebert-base"))  # no front matter, card headings
    write(root / "athena" / "README.md", card("IkariDev__Athena-v1"))  # no front matter, three lines
    write(root / "Arch-Agent-7B.gguf" / "README.md", card("katanemo__Arch-Agent-7B.gguf"))  # a folder, not weights
    write(root / "sd" / "README.md", "---\nlicense: openrail++\n---\n")
    write(root / "sd" / "unet" / "config.json", "{}")
    write(root / "collection" / "README.md", "# Adapters\n\n## Model Details\n\nAll of them are LoRAs.\n")
    write(root / "collection" / "a" / "adapter_config.json", "{}")
    write(root / "docs" / "README.md", "# Developing\n\n## Setup\n\nRun `make`.\n")
    write(root / "docs" / "model.safetensors" / "notes.txt", "a folder named like weights\n")
    write(root / "scripts" / "train.py", "print('train')\n")
    return root


def test_every_folder_is_a_model_part_of_one_holding_one_or_skipped_with_the_reason(tree, catalog):
    report = scan_paths([str(tree)], catalog, Policy())
    shown = {Path(r.path).relative_to(tree).as_posix() for r in report.results}
    assert shown == {"codebert", "athena", "Arch-Agent-7B.gguf", "sd", "collection/a"}  # not the root, not sd/unet
    skipped = {Path(s.path).relative_to(tree).as_posix(): s.reason for s in report.skipped}
    assert skipped == {"docs": PLAIN_README, "docs/model.safetensors": NO_MODEL_FILES, "scripts": NO_MODEL_FILES}
    for name in ("codebert", "athena"):  # as when scanned directly: checked, and without a license
        (result,) = [r for r in report.results if r.path.endswith(name)]
        assert "missing-license" in {f.name for f in result.findings}


def test_skipped_folders_in_json_and_counted_in_the_text_summary(tree):
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["scan", "--format", "json", str(tree)]).stdout)
    assert data["skipped"] == [
        {"path": str(tree / "docs"), "reason": PLAIN_README},
        {"path": str(tree / "docs" / "model.safetensors"), "reason": NO_MODEL_FILES},
        {"path": str(tree / "scripts"), "reason": NO_MODEL_FILES},
    ]
    assert "add front matter with `license:`" in PLAIN_README  # what to do, where it is one
    text = runner.invoke(cli, ["scan", str(tree)]).stdout
    assert text.rstrip().endswith("3 folder(s) skipped as no model (--format json lists each with the reason)")


def test_a_folder_named_like_a_weight_file_is_no_weight_file(model, scan):
    """katanemo/Arch-Agent-7B.gguf cloned beside a card: the clone is a folder, never read as weights."""
    folder = model("license: apache-2.0", files={"Arch-Agent-7B.gguf/README.md": "---\nlicense: other\n---\n"})
    _, data, _ = scan(folder)
    assert len(data["results"]) == 2 and not findings(data, "input-error")
    plain = model(files={"notes/README.md": "# Notes\n\n## Setup\n", "model.gguf/x.txt": "x"}, name="plain")
    code, _, stderr = scan(plain)
    assert code == 2 and "no model folder found" in stderr  # a .gguf folder does not make its parent a model


def test_a_card_like_readme_is_a_collections_readme_when_models_lie_below(tmp_path, catalog):
    root = tmp_path / "hub"
    write(root / "README.md", card("microsoft__codebert-base"))
    write(root / "one" / "README.md", card("IkariDev__Athena-v1"))
    report = scan_paths([str(root / "one"), str(root)], catalog, Policy())
    assert [Path(r.path).name for r in report.results] == ["one"]  # the root describes what is below it
    write(tmp_path / "lone" / "README.md", card("microsoft__codebert-base"))
    assert [Path(r.path).name for r in scan_paths([str(tmp_path / "lone")], catalog, Policy()).results] == ["lone"]


def test_folders_too_deep_are_listed(tmp_path, catalog):
    deep = tmp_path / "deep"
    write(deep / "model" / "config.json", "{}")
    too_deep = deep.joinpath(*(f"d{i}" for i in range(MAX_DEPTH + 1)))
    write(too_deep / "config.json", "{}")
    report = scan_paths([str(deep)], catalog, Policy())
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    assert skipped.pop(too_deep.name) == TOO_DEEP and "model" not in skipped
    assert set(skipped.values()) == {NO_MODEL_FILES}  # the folders on the way, as far as licheck walked


@pytest.mark.parametrize(
    "text",
    [
        "# Developing\n\n## Setup\n\nFine-tune the model with `train.py`; checkpoints go to out/.\n",
        "# Notes on licensing\n\n## GGUF files\n\nA LoRA of https://huggingface.co/org/model keeps its license.\n",
        "Just a folder.\n",
    ],
)
def test_documentation_does_not_read_as_a_card(text):
    assert not reads_as_model_card(text)


@pytest.mark.parametrize(
    "text",
    [
        "# Mistral-7B-Tutor\n\n## Model Details\n\nA fine-tune.\n",
        "## Training data\n\nWikipedia.\n",
        "Merged models: a, b.\nGGUF here: https://huggingface.co/org/model-GGUF\n",
    ],
)
def test_model_cards_without_front_matter_read_as_cards(text):
    assert reads_as_model_card(text)


def test_changed_files_in_a_card_like_folder_are_checked_there(tree):
    changed = [str(tree / "athena" / "README.md"), str(tree / "README.md"), str(tree / "docs" / "README.md")]
    assert changed_model_folders(changed, tree) == ["athena"]  # the repository's own README and docs: none


def test_the_corpus_scanned_as_one_tree_reports_every_card(tmp_path, catalog):
    root = tmp_path / "corpus"
    for path in sorted(CARDS.glob("*.md")):
        write(root / path.stem / "README.md", path.read_bytes())
        for companion in ("adapter_config.json", "config.json", "mergekit_config.yml"):
            source = path.with_name(f"{path.stem}.{companion}")
            if source.exists():
                shutil.copy(source, root / path.stem / companion)
    tree = scan_paths([str(root)], catalog, Policy())
    each = scan_paths([str(p) for p in sorted(root.iterdir())], catalog, Policy())
    assert len(tree.results) == len(list(CARDS.glob("*.md"))) and not tree.skipped and not tree.failures
    codes = lambda report: {Path(r.path).name: Counter(f.code for f in r.findings) for r in report.results}  # noqa: E731
    assert codes(tree) == codes(each)  # a card without front matter is checked as when scanned directly


def test_links_inside_the_tree_are_walked_once(tmp_path, catalog):
    """A link to a folder the walk reaches anyway is not followed (each model is checked once, where it is);
    a link into a folder the walk never enters (hidden) is followed; a link to an ancestor is a loop."""
    root = tmp_path / "repo"
    write(root / "models" / "base" / "README.md", "---\nlicense: mit\n---\n")
    write(root / ".versions" / "v3" / "README.md", "---\nlicense: apache-2.0\n---\n")
    (root / "models" / "alias").symlink_to(root / "models" / "base")
    (root / "models" / "current").symlink_to(root / ".versions" / "v3")
    (root / "models" / "base" / "up").symlink_to(root)
    report = scan_paths([str(root)], catalog, Policy())
    assert [Path(r.path).relative_to(root).as_posix() for r in report.results] == ["models/base", "models/current"]
    assert [r.name for r in report.results] == ["base", "v3"]  # a linked-in folder is named by its target
    messages = [f.message for r in report.results for f in r.findings if f.name == "input-error"]
    assert any("alias' is a link to" in m and "reads where it is" in m for m in messages)
    assert any("up' links back" in m and "link loop" in m for m in messages)
