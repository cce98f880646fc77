"""A Hub repository snapshot as a ModelMetadata: the same value a local folder gives.

Files are parsed by the same readers as local ones, located as `org/name/FILE`. When the card
itself cannot be read (a gated repo without access), the Hub's public metadata (`cardData`) stands
in for it, with no line numbers, and the report says which files were not read.
"""

from __future__ import annotations

import os

import yaml

from licheck.hub.client import shown_repo
from licheck.hub.snapshot import RepoSnapshot
from licheck.metadata import (BaseReference, Declaration, InputProblem, LicenseFile, Located, Location,
                              ModelMetadata)
from licheck.sources.card import CardData, parse_card
from licheck.sources.configs import read_config
from licheck.sources.folder import MERGEKIT_CONFIG, choose_bases, license_role
from licheck.sources.mergekit import read_mergekit
from licheck.sources.weights import WEIGHT_SUFFIXES


def _from_card_data(card_data: dict, path: str) -> CardData:
    """The Hub's parsed front matter, read as a card whose lines are unknown."""
    text = "---\n" + yaml.safe_dump(card_data, sort_keys=False, allow_unicode=True) + "---\n"
    card = parse_card(text, path)
    unlined = Location(path)
    card.declarations = [Declaration(d.form, d.value, d.origin, unlined) for d in card.declarations]
    card.bases = [BaseReference(b.model_id, b.relation, b.origin, unlined) for b in card.bases]
    card.datasets = [Located(d.value, unlined) for d in card.datasets]
    if card.model_name:
        card.model_name = Located(card.model_name.value, unlined)
    return card


def metadata_from_snapshot(snapshot: RepoSnapshot) -> ModelMetadata:
    repo = shown_repo(snapshot.repo_id, snapshot.repo_type)
    problems: list[InputProblem] = []

    def where(name: str) -> str:
        return os.path.join(repo, name)

    if "README.md" in snapshot.files:
        card = parse_card(snapshot.files["README.md"], where("README.md"))
    elif snapshot.card_data:
        card = _from_card_data(snapshot.card_data, where("README.md") + " (Hub metadata)")
    else:
        card = CardData()
    problems.extend(card.problems)
    hints: list[BaseReference] = []
    for kind in ("adapter_config", "config"):
        text = snapshot.files.get(f"{kind}.json")
        if text is not None:
            found, config_problems = read_config(text, where(f"{kind}.json"), kind)
            hints.extend(found)
            problems.extend(config_problems)
    merged: list[BaseReference] = []
    if MERGEKIT_CONFIG in snapshot.files:
        merged, merge_problems = read_mergekit(snapshot.files[MERGEKIT_CONFIG], where(MERGEKIT_CONFIG))
        problems.extend(merge_problems)
    license_files = tuple(LicenseFile(Location(where(name)), license_role(name), text)
                          for name, text in snapshot.files.items() if license_role(name))
    for name, why in snapshot.unread:
        gated = why.startswith("gated")
        problems.append(InputProblem(
            f"'{name}' could not be read from the Hub ({why}); what it says was not checked",
            Location(where(name)),
            "Pass a token that has been granted access (HF_TOKEN or --token-file)." if gated
            else "Run again; if it persists, check the repository on the Hub.",
            "warning" if gated else "error"))
    card_location = Location(where("README.md")) if "README.md" in snapshot.siblings or snapshot.card_data else None
    return ModelMetadata(
        path=repo,
        folder_name=repo.split("/")[-1],
        card=card_location,
        model_name=card.model_name,
        declarations=tuple(card.declarations),
        bases=choose_bases(card.bases, hints, merged),
        datasets=tuple(card.datasets),
        tags=tuple(dict.fromkeys([*card.tags, *snapshot.tags])),
        pipeline_tag=card.pipeline_tag or snapshot.pipeline_tag,
        license_files=license_files,
        weight_files=tuple(s for s in snapshot.siblings if os.path.splitext(s)[1].lower() in WEIGHT_SUFFIXES),
        problems=tuple(problems),
    )
